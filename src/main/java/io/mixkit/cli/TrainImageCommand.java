package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.run.ImageRun;
import io.mixkit.train.LearningRateSchedule;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.StagedClassifier;
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

/** {@code mixkit train image} (or {@code train --task image}): train an image classifier with PuzzleMix or its baselines. */
@Command(name = "image", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = MethodFlagLayers.Defaults.class,
        description = {"Train an image classifier (a pre-activation ResNet) with PuzzleMix or its baselines.",
                "With no --data it trains on the embedded 2,000 Fashion-MNIST images.",
                "Writes DIR/checkpoint, DIR/report.json, DIR/metrics.jsonl and DIR/learning-curve.png."})
final class TrainImageCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    LoopOptions loop;

    @Mixin
    ImageMethodFlags flags;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", description = "Image data: fashion-mnist-small (embedded, the default), fashion-mnist (datasets/fetch-fashion-mnist.sh), a folder of IDX files, or a folder with train/ and test/ class folders.")
    String data;

    @Option(names = "--arch", description = "small (a 3-group pre-activation ResNet) or preactresnet18 (default: the preset's).")
    String arch;

    @Option(names = "--lr", description = "Learning rate of the whole network (default: the preset's).")
    Double lr;

    @Option(names = "--optimizer", description = "adamw, or sgd (momentum 0.9, Nesterov, coupled weight decay: the PuzzleMix recipe) (default: the preset's).")
    String optimizer;

    @Option(names = "--schedule", description = "linear, constant, or step (x0.1 at 1/3 and 2/3 of the run, as PuzzleMix's 400/800 of 1200 epochs) (default: the preset's).")
    String schedule;

    @Option(names = "--weight-decay", description = "Weight decay (default: the preset's).")
    Double weightDecay;

    @Option(names = "--train-size", description = "Use only the first N training images.")
    Integer trainSize;

    @Option(names = "--test-size", description = "Use only the first N test images.")
    Integer testSize;

    @Option(names = "--valid-size", defaultValue = "0", description = "Hold out the last N training images for validation and model selection (default: none; the last model is tested).")
    int validSize;

    @Option(names = "--pad-to", description = "Zero-pad images to this side (default: the preset's, 32, so that 2, 4, 8 and 16 blocks divide Fashion-MNIST).")
    Integer padTo;

    @Option(names = "--crop-padding", description = "Random-crop padding in pixels (0 = no cropping; default: the preset's).")
    Integer cropPadding;

    @Option(names = "--flip", negatable = true, description = "Random horizontal flips (default: the preset's).")
    Boolean flip;

    @Option(names = "--fgsm-eps", description = "FGSM radius in 1/255 for the robustness report (default: the preset's; 0 = skip).")
    Double fgsmEps;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.load(loop.preset == null ? "image" : loop.preset, "image");
        p.checkMethodSections(ImageMethods.REGISTRY);
        String m = p.text("method", loop.method);
        MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?> main = ImageMethods.REGISTRY.get(m);
        MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?> base = null;
        if (loop.baseline != null) {
            OptionChecks.oneOf("--baseline", loop.baseline, ImageMethods.REGISTRY.names());
            base = ImageMethods.REGISTRY.get(loop.baseline);
        }
        Map<String, JsonNode> given = MethodFlagLayers.given(spec.commandLine().getParseResult(), ImageMethodFlags.class);
        Map<String, JsonNode> pairs = MethodFlagLayers.pairs(loop.methodOptions);
        List<MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?>> specs = new ArrayList<>(List.of(main));
        if (base != null) {
            specs.add(base);
        }
        MethodFlagLayers.checkUsed(specs, given, pairs);
        TrainChecks.image(this, p);
        Object mainOptions = MethodFlagLayers.bind(main, p, given, pairs);
        Object baseOptions = base == null ? null : MethodFlagLayers.bind(base, p, given, pairs);
        TrainChecks.imageStages(this, p, mainOptions, baseOptions);
        TrainConfig cfg = TrainConfig.builder().optEpochs(p.integer("epochs", loop.epochs))
                .optBatchSize(p.integer("batch_size", loop.batchSize)).optLearningRate(p.number("lr", lr))
                .optWeightDecay(p.number("weight_decay", weightDecay))
                .optSchedule(LearningRateSchedule.parse(p.text("schedule", schedule)), p.number("warmup", null))
                .optMaxGradNorm(p.number("max_grad_norm", null)).optSeed(loop.seed)
                .optEvaluation(loop.evalEvery != null ? loop.evalEvery : 0, loop.patience != null ? loop.patience : 0)
                .optCheckpointEvery(loop.checkpointEvery != null ? loop.checkpointEvery : 0)
                .optMaxSteps(loop.maxSteps != null ? loop.maxSteps : 0).optOptimizer(p.text("optimizer", optimizer)).build();
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImageRun.Settings s = ImageRun.Settings.builder(loop.out).optResume(loop.resume).optMethod(m, mainOptions)
                .optArch(ResNetClassifier.Architecture.parse(p.text("arch", arch))).optData(data).optConfig(cfg)
                .optAugmentation(p.integer("pad_to", padTo), p.integer("crop_padding", cropPadding), p.bool("flip", flip))
                .optSizes(trainSize == null ? 0 : trainSize, testSize == null ? 0 : testSize, validSize)
                .optFgsmEps(p.number("fgsm_eps", fgsmEps)).optOnNonFinite(NonFinitePolicy.parse(loop.onNonFinite))
                .optPreset(p.name()).optLog(err).build();
        print(o, m, ImageRun.run(s), loop.out);
        if (base != null) {
            Path dir = loop.out.resolve(loop.baseline);
            print(o, loop.baseline, ImageRun.run(s.toBuilder().optOut(dir).optMethod(loop.baseline, baseOptions).build()), dir);
        }
        o.flush();
        return 0;
    }

    private static void print(PrintWriter o, String method, ImageRun.Result r, Path dir) {
        o.printf("%s: test error %.2f%%, FGSM error %.2f%% on %d images -> %s%n", method, 100 * (1 - r.metrics().accuracy()),
                100 * (1 - r.fgsmAccuracy()), r.metrics().n(), dir.resolve("report.json"));
    }
}
