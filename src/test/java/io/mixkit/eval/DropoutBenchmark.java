package io.mixkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import io.mixkit.MixKitRuntime;
import io.mixkit.train.DropoutMasks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Dropout on MiniLM's tensors at batch 16 x 128 tokens: libtorch's {@code dropout} against {@link DropoutMasks},
 * per call, in one process. Not a test: run by {@code eval/bench-dropout.sh}. Arguments: rounds, calls per round,
 * the results file.
 */
public final class DropoutBenchmark {

    private DropoutBenchmark() {}

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int rounds = Integer.parseInt(args[0]);
        int calls = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        StringBuilder table = new StringBuilder("| tensor | elements | libtorch dropout (ms) | DropoutMasks (ms) | ratio |\n|---|---|---|---|---|\n");
        try (NDManager m = NDManager.newBaseManager()) {
            for (Shape shape : new Shape[] {new Shape(16, 12, 128, 128), new Shape(16, 128, 384)}) {
                NDArray x = m.randomNormal(shape);
                double torch = median(rounds, calls, x, () -> Dropout.dropout(x, 0.1f, true).singletonOrThrow(), m);
                double ours = median(rounds, calls, x, () -> DropoutMasks.apply(x, 0.1f), m);
                String name = shape.dimension() == 4 ? "attention probabilities 16 x 12 x 128 x 128" : "hidden states 16 x 128 x 384";
                table.append(String.format("| %s | %d | %.2f | %.2f | %.1fx |%n", name, shape.size(), torch, ours, torch / ours));
            }
        }
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        String text = "# Dropout masks: libtorch against DropoutMasks\n\nProduced by `"
                + System.getProperty("mixkit.command", "eval/bench-dropout.sh") + "` on " + Instant.now() + ".\n\n"
                + "p = 0.1, fp32, " + MixKitRuntime.threads() + " intra-op threads; median over " + rounds + " rounds of the mean of "
                + calls + " calls (MixKit: the mask filled in place and the product; libtorch: its bernoulli, division and product).\n\n" + table
                + "\n/proc/loadavg at the end: `" + load + "`.\n";
        Files.writeString(out, text);
        System.out.print(text);
    }

    /**
     * Each call runs with x attached to its own manager, closed after it, as a step's manager closes: so
     * DropoutMasks' mask (made on x's manager) is freed per call like libtorch's internal one, and neither
     * side pays for fresh pages that the other does not.
     */
    private static double median(int rounds, int calls, NDArray x, Supplier<NDArray> op, NDManager m) {
        double[] r = new double[rounds];
        for (int i = 0; i < rounds + 1; i++) {
            try (NDManager s = m.newSubManager()) {
                long t0 = System.nanoTime();
                for (int c = 0; c < calls; c++) {
                    try (NDManager call = s.newSubManager()) {
                        x.tempAttach(call);
                        op.get().close();
                    }
                }
                if (i > 0) { // round 0 warms up (JIT, allocator)
                    r[i - 1] = (System.nanoTime() - t0) / 1e6 / calls;
                }
            }
        }
        Arrays.sort(r);
        return r[rounds / 2];
    }
}
