package io.mixkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class MklDispatchTest {

    private static final MklDispatch.CpuInfo CPU = MklDispatch.CpuInfo.read(Path.of("/proc/cpuinfo"));

    @Test
    void readsTheVendorAndFlagsOfTheFirstProcessor(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cpuinfo");
        Files.writeString(f, "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f\n\n"
                + "processor\t: 1\nvendor_id\t: Other\nflags\t\t: fpu\n");
        MklDispatch.CpuInfo cpu = MklDispatch.CpuInfo.read(f);
        assertEquals("AuthenticAMD", cpu.vendor());
        assertEquals(List.of("fpu", "sse2", "avx2", "avx512f"), cpu.flags());
        assertEquals("", MklDispatch.CpuInfo.read(dir.resolve("missing")).vendor());
    }

    @Test
    void onAnAvx512CpuNotIntelsMklTakesItsAvx512Kernels() {
        assumeTrue(!CPU.vendor().equals("GenuineIntel") && CPU.flags().contains("avx512f"), "an AVX-512 CPU not Intel's");
        assertEquals(MklDispatch.Outcome.FEATURE_PATH, MklDispatch.apply());
        try (NDManager m = NDManager.newBaseManager()) {
            m.ones(new Shape(8, 8)).matMul(m.ones(new Shape(8, 8))).close(); // MKL detects the CPU on its first product
        }
        String branch = MklDispatch.mklBranch().orElseThrow();
        assertTrue(branch.startsWith("AVX512"), branch);
        for (int i = 0; i < 3; i++) {
            System.gc(); // JNA closes the library of a collected NativeLibrary: MklDispatch must hold it
        }
        assertTrue(MklDispatch.loadedLibrary("libmixkit_mkl_intel_path.so").isPresent(), "the library stays loaded");
    }

    @Test
    void fp32ProductsOnTheChosenKernelsEqualADoubleReference() {
        int n = 37;
        int k = 300;
        int p = 53;
        Random r = new Random(7);
        float[] a = new float[n * k];
        float[] b = new float[k * p];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            float[] c = m.create(a, new Shape(n, k)).matMul(m.create(b, new Shape(k, p))).toFloatArray();
            double worst = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    double ref = 0;
                    double scale = 0;
                    for (int t = 0; t < k; t++) {
                        ref += (double) a[i * k + t] * b[t * p + j];
                        scale += Math.abs((double) a[i * k + t] * b[t * p + j]);
                    }
                    worst = Math.max(worst, Math.abs(c[i * p + j] - ref) / scale);
                }
            }
            // fp32 accumulation over 300 terms: a few units of 2^-24 relative to the sum of magnitudes
            assertTrue(worst < 1e-6, "worst relative error " + worst);
        }
    }

    @Test
    void offLeavesMklsOwnChoice() throws Exception {
        assumeTrue(!CPU.vendor().equals("GenuineIntel") && CPU.flags().contains("avx512f"), "an AVX-512 CPU not Intel's");
        Result off = java("-Dmixkit.mkl=off", "io.mixkit.eval.MatmulProbe", "64");
        assertEquals(0, off.code, off.err);
        assertTrue(off.out.contains("\"mkl_dispatch\": \"OFF\""), off.out);
        assertTrue(off.out.contains("\"mkl_branch\": \"AUTO\""), off.out); // MKL's generic path on a CPU not Intel's
    }

    @Test
    void aSettingOtherThanAutoOrOffIsAClearError() throws Exception {
        Result bad = java("-Dmixkit.mkl=fast", "io.mixkit.cli.MixKitCli", "methods");
        assertEquals(2, bad.code, bad.err);
        assertEquals("mixkit: error: MIXKIT_MKL (or -Dmixkit.mkl) must be auto or off, got fast", bad.err.strip());
    }

    private record Result(int code, String out, String err) {}

    /** A fresh JVM on this test's class path: MKL detects the CPU once per process. */
    private static Result java(String property, String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", property,
                "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        Process proc = new ProcessBuilder(cmd).start();
        byte[] out = proc.getInputStream().readAllBytes();
        byte[] err = proc.getErrorStream().readAllBytes();
        return new Result(proc.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
