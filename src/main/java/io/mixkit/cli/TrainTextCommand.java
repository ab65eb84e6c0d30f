package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.run.TextRun;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.strategy.TextMethodContext;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.LearningRateSchedule;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.ScheduleRule;
import io.mixkit.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code mixkit train text} (or plain {@code mixkit train}): fine-tune a text classifier with a mixup method. */
@Command(name = "text", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = MethodFlagLayers.Defaults.class,
        description = {"Fine-tune a text classifier with mixup (ERM, TMix, EmbedMix, senMixup, SSMix, MixText).",
                "With no data options it trains on the embedded default dataset (UCI sentiment sentences).",
                "Writes DIR/checkpoint, DIR/report.json, DIR/metrics.jsonl and DIR/learning-curve.png."})
final class TrainTextCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    LoopOptions loop;

    @Mixin
    TextMethodFlags flags;

    @Mixin
    UnlabeledOptions unlabeled;

    @Mixin
    PrecisionOption precision;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", description = "Catalogue name or local directory (default: the preset's; minilm-l6).")
    String model;

    @Option(names = "--train", description = "Training data (.csv, .tsv, .jsonl); default: the embedded dataset.")
    Path train;

    @Option(names = "--valid", description = "Validation data for model selection (default: the embedded valid split, or --valid-per-class examples held out of --train).")
    Path valid;

    @Option(names = "--test", description = "Test data; required with --train.")
    Path test;

    @Option(names = "--text-column", defaultValue = "text", description = "Column or JSON key of the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Column or JSON key of the label (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--labels-per-class", description = "MixText protocol: train on N seeded examples per class.")
    Integer labelsPerClass;

    @Option(names = "--valid-per-class", description = "With --labels-per-class and no --valid: hold out this many per class for validation (default 50, capped by the data).")
    Integer validPerClass;

    @Option(names = "--lr-encoder", description = "Learning rate of the encoder (default: the preset's).")
    Double lrEncoder;

    @Option(names = "--lr-head", description = "Learning rate of the classification head (default: the preset's).")
    Double lrHead;

    @Option(names = "--max-length", description = "Tokens per text; longer texts are cut and counted (default: the preset's).")
    Integer maxLength;

    @Option(names = "--pooling", description = "mean or cls (default: the preset's).")
    String pooling;

    @Option(names = "--length-buckets", description = "Batch texts of similar length together, sorting windows of N batches (0 = off; default: the preset's). Less padding, same data per epoch.")
    Integer lengthBuckets;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.load(loop.preset == null ? "default" : loop.preset);
        p.checkMethodSections(TextMethods.REGISTRY);
        // settings a preset may fix, resolved before the checks so that they name what they check
        model = p.text("model", model);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--precision")) {
            precision.precision = p.text("precision", null);
        }
        if (loop.maxSteps == null && p.get("max_steps") != null) {
            loop.maxSteps = (long) p.integer("max_steps", null);
        }
        String m = p.text("method", loop.method);
        MethodSpec<EncodedBatch, TextMethodContext, ?> main = TextMethods.REGISTRY.get(m);
        MethodSpec<EncodedBatch, TextMethodContext, ?> base = null;
        if (loop.baseline != null) {
            OptionChecks.oneOf("--baseline", loop.baseline, TextMethods.REGISTRY.names());
            base = TextMethods.REGISTRY.get(loop.baseline);
        }
        Map<String, JsonNode> given = MethodFlagLayers.given(spec.commandLine().getParseResult(), TextMethodFlags.class);
        Map<String, JsonNode> pairs = MethodFlagLayers.pairs(loop.methodOptions);
        List<MethodSpec<EncodedBatch, TextMethodContext, ?>> specs = new ArrayList<>(List.of(main));
        if (base != null) {
            specs.add(base);
        }
        MethodFlagLayers.checkUsed(specs, given, pairs);
        TrainChecks.text(this, p, main, base);
        Object mainOptions = MethodFlagLayers.bind(main, p, given, pairs);
        Object baseOptions = base == null ? null : MethodFlagLayers.bind(base, p, given, pairs);
        TrainChecks.textOptions(this, p, main, mainOptions, base, baseOptions);
        Integer epochs = p.optionalInteger("epochs", loop.epochs);
        Integer batch = p.optionalInteger("batch_size", loop.batchSize);
        Integer patience = p.optionalInteger("patience", loop.patience);
        // what neither a flag nor the preset fixes, ScheduleRule chooses for the training set's size
        // the default preset's head rate is the fine-tuning one; a frozen body gets the rule's unless it is given
        Double headRate = lrHead != null ? lrHead : p.setsOwn("lr_head") ? p.number("lr_head", null) : null;
        ScheduleRule.Request schedule = new ScheduleRule.Request(epochs, batch, loop.evalEvery, patience, headRate);
        TrainConfig.Builder cb = TrainConfig.builder();
        if (epochs != null) {
            cb.optEpochs(epochs);
        }
        if (batch != null) {
            cb.optBatchSize(batch);
        }
        TrainConfig cfg = cb.optLearningRates(p.number("lr_encoder", lrEncoder), p.number("lr_head", lrHead))
                .optWeightDecay(p.number("weight_decay", null))
                .optSchedule(LearningRateSchedule.parse(p.text("schedule", null)), p.number("warmup", null))
                .optMaxGradNorm(p.number("max_grad_norm", null)).optSeed(loop.seed)
                .optEvaluation(loop.evalEvery != null ? loop.evalEvery : 0, patience != null ? patience : 0)
                .optCheckpointEvery(loop.checkpointEvery != null ? loop.checkpointEvery : 0)
                .optMaxSteps(loop.maxSteps != null ? loop.maxSteps : 0)
                .optLengthBuckets(p.get("length_buckets") == null && lengthBuckets == null ? 0
                        : p.integer("length_buckets", lengthBuckets)).build();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TextRun.Settings s = TextRun.Settings.builder(loop.out).optResume(loop.resume).optMethod(m, mainOptions)
                .optModel(model).optData(train, valid, test).optColumns(textColumn, labelColumn)
                .optLabelsPerClass(labelsPerClass == null ? 0 : labelsPerClass, validPerClass == null ? ScheduleRule.VALID_PER_CLASS : validPerClass)
                .optConfig(cfg).optSchedule(schedule).optMaxLength(p.integer("max_length", maxLength))
                .optPooling(Pooling.parse(p.text("pooling", pooling))).optUnlabeled(unlabeled.data())
                .optOnNonFinite(NonFinitePolicy.parse(loop.onNonFinite)).optPreset(p.name()).optLog(err)
                .optPrecision(precision.get()).build();
        ClassificationMetrics mainMetrics = TextRun.run(s).metrics();
        print(o, m, mainMetrics, loop.out);
        if (base != null) {
            Path dir = loop.out.resolve(loop.baseline);
            ClassificationMetrics b = TextRun.run(s.toBuilder().optOut(dir).optMethod(loop.baseline, baseOptions)
                    .build()).metrics();
            print(o, loop.baseline, b, dir);
            o.printf("%n%-10s %9s %9s%n", "method", "accuracy", "macro-F1");
            o.printf("%-10s %9.4f %9.4f%n", loop.baseline, b.accuracy(), b.macroF1());
            o.printf("%-10s %9.4f %9.4f%n", m, mainMetrics.accuracy(), mainMetrics.macroF1());
        }
        o.flush();
        return 0;
    }

    private static void print(PrintWriter o, String method, ClassificationMetrics m, Path dir) {
        o.printf("%s: test accuracy %.4f, macro-F1 %.4f, ECE %.4f on %d examples -> %s%n", method, m.accuracy(),
                m.macroF1(), m.ece(), m.n(), dir.resolve("report.json"));
    }
}
