package io.mixkit.cli;

import io.mixkit.eval.Fgsm;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;

import io.mixkit.eval.Report;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.data.TextExamples;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.text.data.LabelVocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mixkit evaluate}: a checkpoint's metrics on a labeled file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained checkpoint on labeled data: accuracy, macro-F1, ECE, per class.",
                "For an image checkpoint, --data is as for train --task image (its test split is used) and the FGSM error is added."})
final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    PrecisionOption precision;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "A checkpoint folder written by train (DIR/checkpoint).")
    Path checkpoint;

    @Option(names = "--data", required = true, description = "Labeled data (.csv, .tsv, .jsonl); for images fashion-mnist, fashion-mnist-small or a folder.")
    Path data;

    @Option(names = "--fgsm-eps", defaultValue = "8", description = "Images: FGSM radius in 1/255 (0 = skip; default: ${DEFAULT-VALUE}).")
    double fgsmEps;

    @Option(names = "--text-column", defaultValue = "text", description = "Text column (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Label column (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--report", description = "Also write the full report as JSON here.")
    Path report;

    @Override
    public Integer call() throws Exception {
        precision.get(); // checked before anything loads
        precision.explain(spec.commandLine().getErr());
        boolean images = ImageCheckpoint.isImageCheckpoint(checkpoint);
        JsonNode info = check(images);
        if (images) {
            return evaluateImages(info);
        }
        TextExamples ex = TextDataReader.read(data, textColumn, labelColumn);
        List<String> classes = new ArrayList<>();
        info.path("labels").forEach(l -> classes.add(l.asText()));
        new LabelVocabulary(classes).indices(ex); // a label the checkpoint lacks, before it loads
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(checkpoint)) {
            c.model().encoder().setPrecision(precision.get());
            int[] y = c.labels().indices(ex);
            TextBatchSource src = new TextBatchSource(ex, y, c.model().tokenizer(), c.maxLength());
            ClassificationMetrics m = Predictions.of(c.classifier(), src, 64).metrics();
            var o = spec.commandLine().getOut();
            o.printf("accuracy %.4f, macro-F1 %.4f, ECE %.4f, n %d%n", m.accuracy(), m.macroF1(), m.ece(), m.n());
            for (int k = 0; k < c.labels().size(); k++) {
                o.printf("  %-20s support %5d  precision %.4f  recall %.4f  F1 %.4f%n", c.labels().name(k),
                        m.support()[k], m.precision()[k], m.recall()[k], m.f1()[k]);
            }
            if (src.truncatedCount() > 0) {
                o.printf("%d texts were longer than %d tokens and were cut%n", src.truncatedCount(), c.maxLength());
            }
            if (report != null) {
                Report.write(report, Report.toJson(m, c.labels().names(), Map.of("checkpoint", checkpoint.toString(),
                        "data", data.toString(), "truncated", src.truncatedCount())));
            }
            o.flush();
        }
        return 0;
    }

    /** Every option, before the checkpoint loads. */
    private JsonNode check(boolean images) throws Exception {
        OptionChecks.nonNegative("--fgsm-eps", fgsmEps);
        if (report != null) {
            OptionChecks.writableFile("--report", report);
        }
        if (images) {
            OptionChecks.imageData("--data", data.toString());
            return OptionChecks.imageCheckpoint("--checkpoint", checkpoint);
        }
        TrainChecks.dataFile("--data", data);
        return OptionChecks.textCheckpoint("--checkpoint", checkpoint);
    }

    private int evaluateImages(JsonNode config) throws Exception {
        // The data against the checkpoint's config.json, before the model is built.
        int side = config.path("side").asInt();
        int channels = config.path("channels").asInt();
        List<String> classes = new ArrayList<>();
        config.path("classes").forEach(n -> classes.add(n.asText()));
        ImageDataset test = ImageDatasets.load(data.toString(), side).test();
        if (test.channels() != channels || test.height() != side || test.width() != side) {
            throw new IllegalArgumentException(data + ": " + test.channels() + "-channel " + test.width() + "x" + test.height()
                    + " images, but the checkpoint was trained on " + channels + "-channel " + side + "x" + side);
        }
        if (!test.classNames().equals(classes)) {
            throw new IllegalArgumentException(data + ": classes " + test.classNames() + " differ from the checkpoint's " + classes);
        }
        try (ImageCheckpoint.Loaded c = ImageCheckpoint.load(checkpoint)) {
            ImageBatchSource src = new ImageBatchSource(test);
            ClassificationMetrics m = Predictions.of(c.model(), src, 256).metrics();
            double fgsm = fgsmEps > 0 ? Fgsm.accuracy(c.model(), src, fgsmEps / 255, 256) : Double.NaN;
            var o = spec.commandLine().getOut();
            o.printf("top-1 error %.2f%%, accuracy %.4f, macro-F1 %.4f, ECE %.4f, n %d%n", 100 * (1 - m.accuracy()), m.accuracy(),
                    m.macroF1(), m.ece(), m.n());
            if (!Double.isNaN(fgsm)) {
                o.printf("FGSM (%.0f/255) error %.2f%%%n", fgsmEps, 100 * (1 - fgsm));
            }
            if (report != null) {
                Map<String, Object> facts = new java.util.LinkedHashMap<>();
                facts.put("checkpoint", checkpoint.toString());
                facts.put("data", data.toString());
                if (!Double.isNaN(fgsm)) {
                    facts.put("fgsm", Map.of("eps_255", fgsmEps, "accuracy", fgsm, "error", 1 - fgsm));
                }
                Report.write(report, Report.toJson(m, c.classes(), facts));
            }
            o.flush();
        }
        return 0;
    }
}
