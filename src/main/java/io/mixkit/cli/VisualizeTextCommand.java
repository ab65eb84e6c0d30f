package io.mixkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.mix.SoftTargets;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.strategy.TokenPuzzleMix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mixkit visualize-text}: how token-level PuzzleMix mixes two texts, rendered in the terminal: per
 * position both tokens, their saliency as bars, the mask value and which text the mixed position takes.
 */
@Command(name = "visualize-text", mixinStandardHelpOptions = true,
        description = {"Show how tokenpuzzle mixes two texts: per position the tokens of A and B, their saliency (bars,",
                "from the checkpoint's loss gradient with each text's predicted class as target), the mask m (A's share)",
                "and the source of the mixed position (A, B, or A+B for 0.5), then A's label weight."})
final class VisualizeTextCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "A text checkpoint (its model gives the saliency).")
    Path checkpoint;

    @Option(names = "--block-size", defaultValue = "1", description = "Tokens per block (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--lam", defaultValue = "0.5", description = "Mixing weight lam of the prior (default: ${DEFAULT-VALUE}).")
    float lam;

    @Parameters(arity = "2", paramLabel = "TEXT", description = "The two texts, A and B.")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        OptionChecks.atLeast("--block-size", blockSize, 1);
        if (!(lam > 0 && lam < 1)) {
            throw new IllegalArgumentException("--lam must be in (0, 1), got " + lam);
        }
        OptionChecks.textCheckpoint("--checkpoint", checkpoint);
        PrintWriter out = spec.commandLine().getOut();
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(checkpoint); NDManager m = NDManager.newBaseManager()) {
            EncodedBatch in = c.model().tokenizer().encode(texts, c.maxLength());
            NDArray logits = c.classifier().logits(in, m, false);
            int[] predicted = {(int) logits.get(0).argMax().getLong(), (int) logits.get(1).argMax().getLong()};
            TokenPuzzleMix s = new TokenPuzzleMix(TokenPuzzleMix.METHOD.defaults());
            TokenPuzzleMix.Plan p = s.plan(c.classifier(), in, SoftTargets.oneHot(m, predicted, c.labels().size()), m,
                    new int[] {1, 0}, lam, blockSize);
            out.printf("A: %s (predicted %s)%nB: %s (predicted %s)%nblock size %d, lam %.2f%n%n", texts.get(0),
                    c.labels().name(predicted[0]), texts.get(1), c.labels().name(predicted[1]), blockSize, lam);
            out.printf("%-4s %-14s %-12s %-14s %-12s %5s  %s%n", "pos", "A token", "A saliency", "B token", "B saliency", "m", "mixed");
            float maxA = max(p.saliency()[0]);
            float maxB = max(p.saliency()[1]);
            for (int t = 0; t < in.length(); t++) {
                boolean realA = in.attentionMask()[0][t] == 1;
                boolean realB = in.attentionMask()[1][t] == 1;
                if (!realA && !realB) {
                    continue;
                }
                float mt = p.tokenMasks()[0][t];
                String source = mt == 1f ? "A" : mt == 0f ? "B" : "A+B";
                out.printf("%-4d %-14s %-12s %-14s %-12s %5.2f  %s%n", t,
                        realA ? c.model().tokenizer().token(in.inputIds()[0][t]) : "(pad)", bar(p.saliency()[0][t], maxA, realA),
                        realB ? c.model().tokenizer().token(in.inputIds()[1][t]) : "(pad)", bar(p.saliency()[1][t], maxB, realB),
                        mt, source);
            }
            out.printf("%nA's label weight (mean of m over the mixed row's tokens): %.3f%n", p.weights()[0]);
        }
        out.flush();
        return 0;
    }

    private static float max(float[] v) {
        float m = 1e-12f;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String bar(float v, float max, boolean real) {
        if (!real) {
            return "";
        }
        return "#".repeat(Math.round(10 * v / max));
    }
}
