package io.mixkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mixkit fill-mask}: the masked-LM head's top tokens for each {@code [MASK]}. */
@Command(name = "fill-mask", mixinStandardHelpOptions = true,
        description = "Print the most likely tokens for each [MASK] in a text (needs a model with an MLM head).")
final class FillMaskCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "bert-base-uncased",
            description = "Catalogue name or local directory of a model with an MLM head (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--top", defaultValue = "5", description = "How many tokens to print per mask (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The text, with one or more [MASK] tokens.")
    List<String> words;

    @Override
    public Integer call() throws Exception {
        String text = String.join(" ", words);
        if (!text.contains("[MASK]")) {
            throw new IllegalArgumentException("no [MASK] in the text '" + text + "'");
        }
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        OptionChecks.model("--model", model);
        PrintWriter out = spec.commandLine().getOut();
        try (TextModel m = TextModel.load(model, true); NDManager step = NDManager.newBaseManager()) {
            common.reportUnusedTensors(m, spec.commandLine().getErr());
            EncodedBatch batch = m.tokenizer().encode(List.of(text), m.encoder().config().maxPositions());
            long maskId = m.tokenizer().tokenId("[MASK]");
            List<Integer> positions = new ArrayList<>();
            for (int t = 0; t < batch.length(); t++) {
                if (batch.inputIds()[0][t] == maskId) {
                    positions.add(t);
                }
            }
            NDArray hidden = m.encoder().forward(batch, step, false).value().get(0);
            long[] idx = positions.stream().mapToLong(Integer::longValue).toArray();
            NDArray probs = m.mlmHead().logits(hidden.get(step.create(idx))).softmax(-1);
            int k = Math.min(top, (int) probs.getShape().get(1));
            NDArray order = probs.argSort(-1, false);
            for (int i = 0; i < positions.size(); i++) {
                out.println("[MASK] #" + (i + 1) + " (token " + positions.get(i) + "):");
                long[] best = order.get(i).get("0:" + k).toLongArray();
                float[] p = probs.get(i).toFloatArray();
                for (int r = 0; r < k; r++) {
                    out.printf("  %d. %-15s %.4f%n", r + 1, m.tokenizer().token(best[r]), p[(int) best[r]]);
                }
            }
        }
        out.flush();
        return 0;
    }
}
