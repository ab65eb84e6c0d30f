package io.mixkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.MixKitRuntime;
import io.mixkit.MklDispatch;
import io.mixkit.train.Bf16Compute;

import java.util.function.Supplier;

/**
 * The machine's matrix-product limits as MixKit reaches them: an N^3 fp32 matmul through DJL/libtorch, and the
 * same in bf16 through {@link Bf16Compute} (fp32 in and out). Prints one JSON line. Not a test: run by
 * {@code eval/bench-vs-pytorch.sh}. Argument: N (2048). Also prints which kernels MKL chose ({@link MklDispatch}).
 */
public final class MatmulProbe {

    private MatmulProbe() {}

    public static void main(String[] args) {
        MixKitRuntime.init();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double fp32 = best(() -> a.matMul(b), n);
            // "fp32" as the second argument skips bf16, which takes minutes where the CPU emulates it
            double bf16 = args.length > 1 && args[1].equals("fp32") ? Double.NaN : best(() -> Bf16Compute.matMul(a, b), n);
            String mkl = MklDispatch.mklBranch().orElse("(no MKL)");
            System.out.printf("{\"n\": %d, \"fp32_gflops\": %.1f, \"bf16_gflops\": %.1f, \"threads\": %d,"
                    + " \"mkl_dispatch\": \"%s\", \"mkl_branch\": \"%s\"}%n", n, fp32, bf16, MixKitRuntime.threads(),
                    MklDispatch.apply(), mkl);
        }
    }

    private static double best(Supplier<NDArray> op, int n) {
        op.get().close();
        op.get().close();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            op.get().close();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return 2.0 * n * n * n / best / 1e9;
    }
}
