package io.mixkit.cli;

import io.mixkit.text.OutputLines;
import io.mixkit.text.TextCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mixkit predict}: label texts from stdin with a trained checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify texts with a trained checkpoint.",
                "Reads one text per line on stdin; writes {\"text\", \"label\", \"probabilities\": {label: p}} per line."})
final class PredictCommand implements Callable<Integer> {


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

    @Option(names = "--sort-window", defaultValue = "" + io.mixkit.text.SortedBatches.DEFAULT_WINDOW, description = "Batches read and sorted by length before they run, "
            + "for less padding; outputs stay in input order (default: ${DEFAULT-VALUE}; 1: batches in input order).")
    int sortWindow;

    @Override
    public Integer call() throws Exception {
        precision.get(); // checked before anything loads
        precision.explain(spec.commandLine().getErr());
        OptionChecks.atLeast("--batch-size", batchSize, 1);
        OptionChecks.atLeast("--sort-window", sortWindow, 1);
        OptionChecks.textCheckpoint("--checkpoint", checkpoint);
        StdinLines lines = new StdinLines(System.in, "stdin").requireFirstLine();
        PrintWriter out = spec.commandLine().getOut();
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(checkpoint)) {
            c.model().encoder().setPrecision(precision.get());
            lines.forEachBatch(batchSize, sortWindow, batch -> OutputLines.predictions(c, batch), out);
        }
        out.flush();
        return 0;
    }
}
