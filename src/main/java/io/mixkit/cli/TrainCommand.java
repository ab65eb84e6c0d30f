package io.mixkit.cli;

import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.text.Pooling;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.LearningRateSchedule;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mixkit train}: fine-tune a classifier with a mixup method. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a text classifier with mixup (ERM, TMix, EmbedMix, senMixup, SSMix, MixText),",
                "or (--task image) train an image classifier with PuzzleMix or its baselines.",
                "With no data options it trains on the embedded default dataset (UCI sentiment sentences;",
                "for images, 2,000 Fashion-MNIST images).",
                "Writes DIR/checkpoint, DIR/report.json, DIR/metrics.jsonl and DIR/learning-curve.png."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    SemiSupervisedOptions semi;

    @Spec
    CommandSpec spec;

    @Mixin
    ImageOptions image;

    @Mixin
    PuzzleMixOptions puzzle;

    @Option(names = "--task", defaultValue = "text", description = "text or image (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--method", description = "Text: erm, tmix, embedmix, senmix, ssmix or mixtext. Image: vanilla, mixup, manifold, cutmix, saliencymix, augmix or puzzlemix (default: the preset's).")
    String method;

    @Option(names = "--model", defaultValue = "minilm-l6", description = "Catalogue name or local directory (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--valid-per-class", description = "With --labels-per-class and no --valid: hold out this many per class for validation (default 2000, capped by the data).")
    Integer validPerClass;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for data sampling, initialisation, dropout and mixing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--preset", description = "Text: default, quickstart, few-shot, tmix-paper, mixtext-paper. Image: image, image-quick, image-paper. Or a .json file (default: default, or image with --task image).")
    String preset;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--baseline", description = "Also train this method (e.g. erm) with the same settings into DIR/BASELINE and print both test accuracies.")
    String baseline;

    @Option(names = "--epochs", description = "Passes over the training data.")
    Integer epochs;

    @Option(names = "--batch-size", description = "Examples per step.")
    Integer batchSize;

    @Option(names = "--lr-encoder", description = "Learning rate of the encoder.")
    Double lrEncoder;

    @Option(names = "--lr-head", description = "Learning rate of the classification head.")
    Double lrHead;

    @Option(names = "--alpha", description = "Beta(alpha, alpha) concentration of the mixing weight.")
    Double alpha;

    @Option(names = "--fold", negatable = true, description = "Use max(l, 1-l) (the MixText fold).")
    Boolean fold;

    @Option(names = "--mix-layers", split = ",", description = "TMix stages to draw from, e.g. 7,9,12 (default: the paper's set scaled to the model).")
    int[] mixLayers;

    @Option(names = "--max-length", description = "Tokens per text; longer texts are cut and counted.")
    Integer maxLength;

    @Option(names = "--pooling", description = "mean or cls.")
    String pooling;

    @Option(names = "--eval-every", description = "Validate every N steps (0 = every epoch).")
    Integer evalEvery;

    @Option(names = "--patience", description = "Stop after N validations without improvement (0 = never).")
    Integer patience;

    @Option(names = "--checkpoint-every", description = "Also save resumable state every N steps.")
    Integer checkpointEvery;

    @Option(names = "--max-steps", description = "Stop after N steps in total (smoke tests).")
    Long maxSteps;

    @Option(names = "--on-non-finite", defaultValue = "stop", description = "A step whose loss or gradient is NaN or inf is never applied: stop the run (resumable from its last checkpoint) or skip the step and count it in report.json (default: ${DEFAULT-VALUE}).")
    String onNonFinite;

    @Override
    public Integer call() throws Exception {
        if (task.equals("image")) {
            return trainImages();
        }
        if (!task.equals("text")) {
            throw new IllegalArgumentException("--task " + task + " is not a task; expected text or image");
        }
        Preset p = Preset.load(preset == null ? "default" : preset);
        String m = p.text("method", method);
        if (!TextMethods.NAMES.contains(m) && !m.equals("mixtext")) {
            throw new IllegalArgumentException("unknown method '" + m + "'; expected one of "
                    + String.join(", ", TextMethods.NAMES) + ", mixtext");
        }
        TrainChecks.text(this, p, m);
        Path trainFile = train;
        Path validFile = valid;
        Path testFile = test;
        if (trainFile == null) {
            if (testFile != null) {
                throw new IllegalArgumentException("--test needs --train");
            }
            trainFile = EmbeddedDatasets.defaultSplit("train");
            testFile = EmbeddedDatasets.defaultSplit("test");
            if (validFile == null && labelsPerClass == null) {
                validFile = EmbeddedDatasets.defaultSplit("valid");
            }
        } else if (testFile == null) {
            throw new IllegalArgumentException("--test is required with --train");
        }
        TrainConfig cfg = TrainConfig.builder().optEpochs(p.integer("epochs", epochs))
                .optBatchSize(p.integer("batch_size", batchSize))
                .optLearningRates(p.number("lr_encoder", lrEncoder), p.number("lr_head", lrHead))
                .optWeightDecay(p.number("weight_decay", null))
                .optSchedule(LearningRateSchedule.parse(p.text("schedule", null)), p.number("warmup", null))
                .optMaxGradNorm(p.number("max_grad_norm", null)).optSeed(seed)
                .optEvaluation(evalEvery != null ? evalEvery : 0,
                        patience != null ? patience : p.get("patience") == null ? 0 : p.get("patience").asInt())
                .optCheckpointEvery(checkpointEvery != null ? checkpointEvery : 0)
                .optMaxSteps(maxSteps != null ? maxSteps : 0).build();
        TextMethods.Settings mix = new TextMethods.Settings(p.number("alpha", alpha), p.bool("fold", fold),
                p.ints("mix_layers", mixLayers), p.number("ssmix_window", null));
        TextTrainingRun.Settings s = new TextTrainingRun.Settings(m, model, trainFile, validFile, testFile, textColumn,
                labelColumn, labelsPerClass == null ? 0 : labelsPerClass, validPerClass == null ? 2000 : validPerClass,
                cfg, mix, p.integer("max_length", maxLength), Pooling.parse(p.text("pooling", pooling)), p.name(), semi,
                NonFinitePolicy.parse(onNonFinite));
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ClassificationMetrics main = TextTrainingRun.run(s, out, resume, err);
        print(o, m, main, out);
        if (baseline != null) {
            ClassificationMetrics base = TextTrainingRun.run(s.withMethod(baseline), out.resolve(baseline), resume, err);
            print(o, baseline, base, out.resolve(baseline));
            o.printf("%n%-10s %9s %9s%n", "method", "accuracy", "macro-F1");
            o.printf("%-10s %9.4f %9.4f%n", baseline, base.accuracy(), base.macroF1());
            o.printf("%-10s %9.4f %9.4f%n", m, main.accuracy(), main.macroF1());
        }
        o.flush();
        return 0;
    }

    private Integer trainImages() throws Exception {
        Preset p = Preset.load(preset == null ? "image" : preset, "image");
        String m = p.text("method", method);
        if (!ImageMethods.NAMES.contains(m)) {
            throw new IllegalArgumentException("unknown image method '" + m + "'; expected one of " + String.join(", ", ImageMethods.NAMES));
        }
        TrainChecks.image(this, p, m);
        double lr = p.number("lr", image.lr);
        TrainConfig cfg = TrainConfig.builder().optEpochs(p.integer("epochs", epochs))
                .optBatchSize(p.integer("batch_size", batchSize)).optLearningRate(lr)
                .optWeightDecay(p.number("weight_decay", image.weightDecay))
                .optSchedule(LearningRateSchedule.parse(p.text("schedule", image.schedule)), p.number("warmup", null))
                .optMaxGradNorm(p.number("max_grad_norm", null)).optSeed(seed)
                .optEvaluation(evalEvery != null ? evalEvery : 0, patience != null ? patience : 0)
                .optCheckpointEvery(checkpointEvery != null ? checkpointEvery : 0)
                .optMaxSteps(maxSteps != null ? maxSteps : 0).optOptimizer(p.text("optimizer", image.optimizer)).build();
        ImageMethods.Settings mix = new ImageMethods.Settings(alpha, image.mixStages, puzzle.puzzle());
        ImageTrainingRun.Settings s = new ImageTrainingRun.Settings(m,
                ResNetClassifier.Architecture.parse(p.text("arch", image.arch)), image.data, cfg, mix,
                p.integer("pad_to", image.padTo), p.integer("crop_padding", image.cropPadding), p.bool("flip", image.flip),
                image.trainSize == null ? 0 : image.trainSize, image.testSize == null ? 0 : image.testSize, image.validSize,
                p.number("fgsm_eps", image.fgsmEps), p.name(), NonFinitePolicy.parse(onNonFinite));
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageTrainingRun.Result main = ImageTrainingRun.run(s, out, resume, err);
        printImage(o, m, main, out);
        if (baseline != null) {
            ImageTrainingRun.Result base = ImageTrainingRun.run(s.withMethod(baseline), out.resolve(baseline), resume, err);
            printImage(o, baseline, base, out.resolve(baseline));
        }
        o.flush();
        return 0;
    }

    private static void printImage(PrintWriter o, String method, ImageTrainingRun.Result r, Path dir) {
        o.printf("%s: test error %.2f%%, FGSM error %.2f%% on %d images -> %s%n", method, 100 * (1 - r.metrics().accuracy()),
                100 * (1 - r.fgsmAccuracy()), r.metrics().n(), dir.resolve("report.json"));
    }

    private static void print(PrintWriter o, String method, ClassificationMetrics m, Path dir) {
        o.printf("%s: test accuracy %.4f, macro-F1 %.4f, ECE %.4f on %d examples -> %s%n", method, m.accuracy(),
                m.macroF1(), m.ece(), m.n(), dir.resolve("report.json"));
    }
}
