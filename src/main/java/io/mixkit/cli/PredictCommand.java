package io.mixkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mixkit predict}: label texts from stdin with a trained checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify texts with a trained checkpoint.",
                "Reads one text per line on stdin; writes {\"text\", \"label\", \"probabilities\": {label: p}} per line."})
final class PredictCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Mixin
    PrecisionOption precision;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "A checkpoint folder written by train (DIR/checkpoint).")
    Path checkpoint;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() throws Exception {
        precision.get(); // checked before anything loads
        OptionChecks.atLeast("--batch-size", batchSize, 1);
        OptionChecks.textCheckpoint("--checkpoint", checkpoint);
        StdinLines lines = new StdinLines(System.in, "stdin").requireFirstLine();
        PrintWriter out = spec.commandLine().getOut();
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(checkpoint)) {
            c.model().encoder().setPrecision(precision.get());
            lines.forEachBatch(batchSize, batch -> predict(c, batch), out);
        }
        out.flush();
        return 0;
    }

    private static List<String> predict(TextCheckpoint.Loaded c, List<String> texts) throws Exception {
        List<String> lines = new ArrayList<>();
        EncodedBatch b = c.model().tokenizer().encode(texts, c.maxLength());
        try (NDManager step = NDManager.newBaseManager()) {
            NDArray p = c.classifier().logits(b, step, false).softmax(-1);
            float[] flat = p.toFloatArray();
            int k = c.labels().size();
            for (int i = 0; i < texts.size(); i++) {
                ObjectNode o = JSON.createObjectNode();
                o.put("text", texts.get(i));
                int best = 0;
                ObjectNode probs = JSON.createObjectNode();
                for (int j = 0; j < k; j++) {
                    probs.put(c.labels().name(j), flat[i * k + j]);
                    if (flat[i * k + j] > flat[i * k + best]) {
                        best = j;
                    }
                }
                o.put("label", c.labels().name(best));
                o.set("probabilities", probs);
                if (b.truncatedRows()[i]) {
                    o.put("truncated", true);
                }
                lines.add(JSON.writeValueAsString(o));
            }
        }
        return lines;
    }
}
