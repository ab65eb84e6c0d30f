package io.mixkit;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lets libtorch's oneMKL use the kernels the CPU's instructions allow on a CPU that is not Intel's.
 *
 * <p>oneMKL chooses its kernels only after asking whether the CPU's vendor is Intel; on an AMD CPU it
 * takes its generic path however wide its vector units are. On the AMD EPYC machines MixKit is developed
 * on (AVX-512), a 2048^3 fp32 matrix product through DJL runs at 195 GFLOP/s on the generic path and
 * 429 GFLOP/s on the AVX-512 path, and an fp32 MiniLM training step (batch 16 x 128) takes 0.674 s instead
 * of 1.166 s ({@code eval/results/vs-pytorch.md}). The fix is the one widely used with MKL on AMD CPUs: a two-function
 * library ({@code src/main/native/mkl_intel_path.c}) whose {@code mkl_serv_intel_cpu} and
 * {@code mkl_serv_intel_cpu_true} answer yes, loaded into the process's global symbol scope before libtorch's
 * first matrix product, so the dynamic linker finds them before MKL's own. MKL then chose its
 * {@code AVX512_E1} branch on that CPU (AVX-512 with VNNI and bf16, which it has; not an AMX branch, which it
 * lacks). bf16 matrix products go through oneDNN and measured the same with and without this.
 *
 * <p>Setting: system property {@code mixkit.mkl} or environment variable {@code MIXKIT_MKL}:
 * <ul>
 *   <li>{@code auto} (default): apply it on Linux x86-64 when /proc/cpuinfo's vendor is not
 *       {@code GenuineIntel} and the CPU has AVX2;</li>
 *   <li>{@code off}: leave MKL's own choice (the arithmetic of MixKit before this fix, bit for bit).</li>
 * </ul>
 * fp32 results differ from the generic path's only by summation order (measured in
 * {@code eval/results/identical-results/mkl-path.md}).
 */
public final class MklDispatch {

    /** What {@link #apply()} did. */
    public enum Outcome {
        /** the library is loaded: MKL takes the path the CPU's features allow */
        FEATURE_PATH,
        /** an Intel CPU: MKL already does */
        INTEL_CPU,
        /** not Linux x86-64, or no AVX2: nothing to gain */
        NOT_APPLICABLE,
        /** {@code mixkit.mkl=off} */
        OFF,
        /** the library could not be loaded (see {@link #failure()}); MKL keeps its own choice */
        FAILED
    }

    private static final int RTLD_LAZY = 0x1;
    private static final int RTLD_NOLOAD = 0x4;
    private static final int RTLD_GLOBAL = 0x100;
    private static final String RESOURCE = "/io/mixkit/native/linux-x86-64/libmixkit_mkl_intel_path.so";

    private static volatile Outcome outcome;
    private static volatile String failure = "";
    /**
     * Held for the life of the process: JNA closes a library whose {@link NativeLibrary} is collected, and MKL
     * must never call into an unloaded one (before this was held, a GC during model loading undid the fix).
     */
    @SuppressWarnings("unused")
    private static volatile NativeLibrary loaded;

    private MklDispatch() {}

    /**
     * Applies the setting once per process; call before libtorch's first matrix product (MKL detects the
     * CPU once). A library that cannot be loaded leaves MKL's own choice and is reported by {@link #failure()}.
     *
     * @return what was done
     * @throws IllegalArgumentException if the setting is neither auto nor off
     */
    public static synchronized Outcome apply() {
        if (outcome == null) {
            outcome = decide();
        }
        return outcome;
    }

    /** @return why loading failed, or "" */
    public static String failure() {
        return failure;
    }

    private static Outcome decide() {
        if (!AutoOrOff.isAuto("mixkit.mkl", "MIXKIT_MKL")) {
            return Outcome.OFF;
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Outcome.NOT_APPLICABLE;
        }
        CpuInfo cpu = CpuInfo.read(Path.of("/proc/cpuinfo"));
        if (cpu.vendor().equals("GenuineIntel")) {
            return Outcome.INTEL_CPU;
        }
        if (!cpu.flags().contains("avx2")) {
            return Outcome.NOT_APPLICABLE;
        }
        try {
            loaded = NativeLibrary.getInstance(extract().toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_GLOBAL));
            return Outcome.FEATURE_PATH;
        } catch (RuntimeException | LinkageError e) {
            failure = String.valueOf(e.getMessage());
            return Outcome.FAILED;
        }
    }

    /** Copies the shipped library to a private temporary file (a library must be a file to be loaded). */
    private static Path extract() {
        try (InputStream in = MklDispatch.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            Path dir = Files.createTempDirectory("mixkit-mkl");
            Path lib = dir.resolve("libmixkit_mkl_intel_path.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            lib.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return lib;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The kernel branch MKL chose, by the names of its conditional-numerical-reproducibility constants
     * ({@code mkl_cbwr.h}): e.g. {@code AVX512_E1} (AVX-512 with VNNI and bf16) with this fix on an AMD
     * EPYC, {@code AUTO} (its generic path, no named branch) without it. Read from the libtorch already
     * loaded, through its exported {@code mkl_serv_cbwr_get_auto_branch} (what the public
     * {@code mkl_cbwr_get_auto_branch} returns).
     *
     * @return the branch's name, or empty where libtorch is not loaded yet or has no MKL
     */
    public static Optional<String> mklBranch() {
        Optional<Path> torch = loadedLibrary("libtorch_cpu.so");
        if (torch.isEmpty()) {
            return Optional.empty();
        }
        try {
            // RTLD_NOLOAD: the handle of the copy DJL loaded, without adding it to the global scope
            NativeLibrary lib = NativeLibrary.getInstance(torch.get().toString(),
                    Map.of(Library.OPTION_OPEN_FLAGS, RTLD_LAZY | RTLD_NOLOAD));
            int code = lib.getFunction("mkl_serv_cbwr_get_auto_branch").invokeInt(new Object[0]);
            return Optional.of(code >= 0 && code < BRANCHES.size() ? BRANCHES.get(code) : "branch " + code);
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** {@code mkl_cbwr.h}'s branch values 0-14, by name (5 is the obsolete SSE3). */
    private static final List<String> BRANCHES = List.of("OFF", "BRANCH_OFF", "AUTO", "COMPATIBLE", "SSE2", "SSE3",
            "SSSE3", "SSE4_1", "SSE4_2", "AVX", "AVX2", "AVX512_MIC", "AVX512", "AVX512_MIC_E1", "AVX512_E1");

    /** @return the path of a shared library mapped into this process, by file name */
    static Optional<Path> loadedLibrary(String fileName) {
        try {
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
            for (String line : maps) {
                int slash = line.indexOf('/');
                if (slash >= 0 && line.endsWith("/" + fileName)) {
                    return Optional.of(Path.of(line.substring(slash)));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The two fields of /proc/cpuinfo the decision needs. */
    record CpuInfo(String vendor, List<String> flags) {
        static CpuInfo read(Path file) {
            String vendor = "";
            List<String> flags = List.of();
            try {
                for (String line : Files.readAllLines(file)) {
                    int colon = line.indexOf(':');
                    if (colon < 0) {
                        continue;
                    }
                    String key = line.substring(0, colon).strip();
                    String value = line.substring(colon + 1).strip();
                    if (key.equals("vendor_id") && vendor.isEmpty()) {
                        vendor = value;
                    } else if (key.equals("flags") && flags.isEmpty()) {
                        flags = List.of(value.split("\\s+"));
                    }
                }
            } catch (IOException e) {
                return new CpuInfo("", List.of());
            }
            return new CpuInfo(vendor, flags);
        }
    }
}
