package io.mixkit.cli;

import io.mixkit.text.EncodedBatch;
import io.mixkit.text.OutputLines;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code mixkit embed}: one text per line in, one JSON object per line out. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed texts with a pretrained encoder.",
                "Reads one text per line on stdin; writes one JSON object per line: {\"text\": ..., \"embedding\": [...]}."})
final class EmbedCommand implements Callable<Integer> {


    @Mixin
    CommonOptions common;

    @Mixin
    PrecisionOption precision;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "minilm-l6",
            description = "Catalogue name or local model directory/file (default: ${DEFAULT-VALUE}; see 'mixkit models').")
    String model;

    @Option(names = "--pooling", defaultValue = "mean", description = "mean (over real tokens) or cls (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--normalize", description = "Scale each embedding to unit length (as sentence-transformers does for similarity).")
    boolean normalize;

    @Option(names = "--max-length", defaultValue = "256", description = "Tokens per text, special tokens included; longer texts are cut and counted (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--sort-window", defaultValue = "" + io.mixkit.text.SortedBatches.DEFAULT_WINDOW, description = "Batches read and sorted by length before they run, "
            + "for less padding; outputs stay in input order (default: ${DEFAULT-VALUE}; 1: batches in input order).")
    int sortWindow;

    @Override
    public Integer call() throws Exception {
        precision.get(); // checked before anything loads
        precision.explain(spec.commandLine().getErr());
        Pooling pool = Pooling.parse(pooling);
        OptionChecks.atLeast("--batch-size", batchSize, 1);
        OptionChecks.atLeast("--sort-window", sortWindow, 1);
        OptionChecks.ModelShape shape = OptionChecks.model("--model", model);
        OptionChecks.maxLength("--max-length", maxLength, model, shape == null ? 0 : shape.maxPositions());
        PrintWriter out = spec.commandLine().getOut();
        int[] truncatedCount = new int[1];
        int truncated;
        int count;
        StdinLines lines = new StdinLines(System.in, "stdin").requireFirstLine();
        try (TextModel m = TextModel.load(model, false)) {
            m.encoder().setPrecision(precision.get());
            OptionChecks.maxLength("--max-length", maxLength, model, m.encoder().config().maxPositions());
            common.reportUnusedTensors(m, spec.commandLine().getErr());
            count = lines.forEachBatch(batchSize, sortWindow, batch -> {
                EncodedBatch b = m.tokenizer().encode(batch, maxLength);
                truncatedCount[0] += b.truncated();
                return OutputLines.embeddings(m, pool, normalize, batch, b);
            }, out);
        }
        truncated = truncatedCount[0];
        out.flush();
        if (truncated > 0) {
            spec.commandLine().getErr().println("mixkit: " + truncated + " of " + count
                    + " texts were longer than " + maxLength + " tokens and were cut");
        }
        return 0;
    }
}
