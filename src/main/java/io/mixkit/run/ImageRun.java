package io.mixkit.run;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.eval.Fgsm;
import io.mixkit.eval.LearningCurve;
import io.mixkit.eval.MetricsLog;
import io.mixkit.eval.Report;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.augment.CropFlip;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.Augmented;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.FitRequest;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.Predictions;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image training run, end to end: data, the pre-activation ResNet, the method (after crop and
 * flip), the loop, then in the output folder {@code report.json} (with FGSM robustness),
 * {@code checkpoint/}, {@code metrics.jsonl}, {@code learning-curve.png} and the resumable {@code state/}.
 */
public final class ImageRun {

    /**
     * Everything a run needs; {@link #builder} holds the defaults (those of the {@code image} preset).
     *
     * @param out the output folder
     * @param resume continue the run saved in {@code out}
     * @param method a name from {@link ImageMethods#REGISTRY}
     * @param methodOptions its options record, or null for its defaults
     * @param arch architecture
     * @param data a built-in name or a folder (null: the embedded Fashion-MNIST images)
     * @param config the loop's settings
     * @param padTo zero-pad images to this side (0 = no padding)
     * @param cropPadding random-crop padding (0 = no cropping)
     * @param flip random horizontal flips
     * @param trainSize cap on training images (0 = all)
     * @param testSize cap on test images (0 = all)
     * @param validSize training images held out for validation (0 = none; the last model is tested)
     * @param fgsmEps FGSM radius in 1/255 for the robustness report (0 = skip)
     * @param onNonFinite what a non-finite step does
     * @param preset the preset these came from, for the report (or null)
     * @param log progress and notes
     */
    public record Settings(Path out, boolean resume, String method, Object methodOptions,
                           ResNetClassifier.Architecture arch, String data, TrainConfig config, int padTo,
                           int cropPadding, boolean flip, int trainSize, int testSize, int validSize, double fgsmEps,
                           NonFinitePolicy onNonFinite, String preset, PrintWriter log) {

        /** @param out the output folder @return a builder with the defaults */
        public static Builder builder(Path out) {
            return new Builder(out);
        }

        /** @return a builder holding these settings */
        public Builder toBuilder() {
            Builder b = new Builder(out);
            b.resume = resume;
            b.method = method;
            b.methodOptions = methodOptions;
            b.arch = arch;
            b.data = data;
            b.config = config;
            b.padTo = padTo;
            b.cropPadding = cropPadding;
            b.flip = flip;
            b.trainSize = trainSize;
            b.testSize = testSize;
            b.validSize = validSize;
            b.fgsmEps = fgsmEps;
            b.onNonFinite = onNonFinite;
            b.preset = preset;
            b.log = log;
            return b;
        }

        /** @return the method's registry entry */
        public MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?> spec() {
            return ImageMethods.REGISTRY.get(method);
        }

        /** @return the options the method runs with */
        public Object resolvedOptions() {
            return methodOptions != null ? methodOptions : spec().defaults();
        }
    }

    /** Builds {@link Settings}; the initial values are the defaults. */
    public static final class Builder {
        private Path out;
        private boolean resume;
        private String method = "puzzlemix";
        private Object methodOptions;
        private ResNetClassifier.Architecture arch = ResNetClassifier.Architecture.SMALL;
        private String data;
        private TrainConfig config = TrainConfig.builder().optEpochs(10).optBatchSize(64).optLearningRate(2e-3)
                .optWeightDecay(0.05).optSchedule(io.mixkit.train.LearningRateSchedule.LINEAR, 0.05).optMaxGradNorm(5.0).build();
        private int padTo = 32;
        private int cropPadding = 4;
        private boolean flip = true;
        private int trainSize;
        private int testSize;
        private int validSize;
        private double fgsmEps = 8;
        private NonFinitePolicy onNonFinite = NonFinitePolicy.STOP;
        private String preset;
        private PrintWriter log = new PrintWriter(System.err, true);

        private Builder(Path out) {
            this.out = out;
        }

        /** @param v the output folder @return this */
        public Builder optOut(Path v) {
            out = v;
            return this;
        }

        /** @param v continue the saved run @return this */
        public Builder optResume(boolean v) {
            resume = v;
            return this;
        }

        /** @param name a registered method, with its default options @return this */
        public Builder optMethod(String name) {
            method = name;
            methodOptions = null;
            return this;
        }

        /** @param name a registered method @param options its options record @return this */
        public Builder optMethod(String name, Object options) {
            method = name;
            methodOptions = options;
            return this;
        }

        /** @param v architecture @return this */
        public Builder optArch(ResNetClassifier.Architecture v) {
            arch = v;
            return this;
        }

        /** @param v a built-in data name or a folder @return this */
        public Builder optData(String v) {
            data = v;
            return this;
        }

        /** @param v the loop's settings @return this */
        public Builder optConfig(TrainConfig v) {
            config = v;
            return this;
        }

        /** @param pad pad to this side @param crop random-crop padding @param flips random flips @return this */
        public Builder optAugmentation(int pad, int crop, boolean flips) {
            padTo = pad;
            cropPadding = crop;
            flip = flips;
            return this;
        }

        /** @param train cap on training images @param test on test images @param valid held out @return this */
        public Builder optSizes(int train, int test, int valid) {
            trainSize = train;
            testSize = test;
            validSize = valid;
            return this;
        }

        /** @param v FGSM radius in 1/255 (0 = skip) @return this */
        public Builder optFgsmEps(double v) {
            fgsmEps = v;
            return this;
        }

        /** @param v what a non-finite step does @return this */
        public Builder optOnNonFinite(NonFinitePolicy v) {
            onNonFinite = v;
            return this;
        }

        /** @param v the preset's name, for the report @return this */
        public Builder optPreset(String v) {
            preset = v;
            return this;
        }

        /** @param v where progress goes @return this */
        public Builder optLog(PrintWriter v) {
            log = v;
            return this;
        }

        /** @return the settings */
        public Settings build() {
            ImageMethods.REGISTRY.get(method);
            return new Settings(out, resume, method, methodOptions, arch, data, config, padTo, cropPadding, flip,
                    trainSize, testSize, validSize, fgsmEps, onNonFinite, preset, log);
        }
    }

    /**
     * What a run measured.
     *
     * @param metrics clean test metrics
     * @param fgsmAccuracy accuracy under FGSM (NaN when skipped)
     * @param outcome what the loop did
     * @param report the report written to {@code out/report.json}
     */
    public record Result(ClassificationMetrics metrics, double fgsmAccuracy, Trainer.Outcome outcome, ObjectNode report) {}

    private ImageRun() {}

    /**
     * @param s the settings
     * @return what it measured
     * @throws IOException if data or an output cannot be read or written
     */
    public static Result run(Settings s) throws IOException {
        long t0 = System.nanoTime();
        PrintWriter err = s.log();
        Files.createDirectories(s.out());
        ObjectNode fingerprint = io.mixkit.train.MethodOptions.object();
        fingerprint.put("method", s.method());
        ObjectNode options = io.mixkit.train.MethodOptions.toJson(s.resolvedOptions());
        options.remove("graph_threads"); // how many cores solve the cuts does not change them
        fingerprint.set("options", options);
        fingerprint.put("arch", s.arch().name());
        fingerprint.put("augmentation", s.cropPadding() + "/" + s.flip() + "/" + s.padTo());
        ObjectNode defaults = io.mixkit.train.MethodOptions.object();
        defaults.set("options", io.mixkit.train.MethodOptions.toJson(s.spec().defaults()));
        RunFingerprint.check(s.out().resolve("state"), fingerprint, s.resume(), defaults);
        ImageDatasets.Splits splits = ImageDatasets.load(s.data(), s.padTo());
        if (s.padTo() > 0 && (splits.train().height() > s.padTo() || splits.train().width() > s.padTo())) {
            throw new IllegalArgumentException("--pad-to " + s.padTo() + " is smaller than the " + splits.train().width() + "x"
                    + splits.train().height() + " images of " + splits.name() + " (0 = no padding)");
        }
        ImageDataset all = splits.train();
        if (s.trainSize() > 0) {
            all = all.first(s.trainSize());
        }
        ImageDataset test = s.testSize() > 0 ? splits.test().first(s.testSize()) : splits.test();
        ImageDataset train = all;
        ImageDataset valid = null;
        if (s.validSize() > 0) {
            if (s.validSize() >= all.size()) {
                throw new IllegalArgumentException("--valid-size " + s.validSize() + " leaves no training images (there are " + all.size() + ")");
            }
            train = slice(all, 0, all.size() - s.validSize());
            valid = slice(all, all.size() - s.validSize(), all.size());
        }
        if (s.resolvedOptions() instanceof PuzzleMix.Settings p) {
            p.checkImages(train.height(), train.width());
        }
        err.printf("%s: %d training images, %d validation, %d test, %d classes, %dx%dx%d; model %s%n", s.method(),
                train.size(), valid == null ? 0 : valid.size(), test.size(), train.classNames().size(), train.channels(),
                train.height(), train.width(), s.arch().name());
        err.flush();
        Engine.getInstance().setRandomSeed((int) s.config().seed());
        float[] mean = train.channelMean();
        float[] std = train.channelStd();
        try (ResNetClassifier model = new ResNetClassifier(s.arch(), train.channels(), train.classNames().size(),
                mean, std, s.config().seed());
             MixStrategy<ImageBatch> strategy = new Augmented(s.spec().create(s.resolvedOptions(), model),
                     new CropFlip(s.cropPadding(), s.flip()))) {
            Path metrics = s.out().resolve("metrics.jsonl");
            Trainer<ImageBatch> trainer = new Trainer<>(model, strategy, s.config())
                    .onNonFinite(s.onNonFinite())
                    .addListener(new ProgressBar(err, s.method()))
                    .addListener(new MetricsLog(metrics));
            ImageBatchSource testSrc = new ImageBatchSource(test);
            Trainer.Outcome outcome = trainer.fit(FitRequest.builder(new ImageBatchSource(train))
                    .optValidation(valid == null ? null : new ImageBatchSource(valid))
                    .optStateDir(s.out().resolve("state")).optResume(s.resume()).build());
            ClassificationMetrics m = Predictions.of(model, testSrc, 256).metrics();
            double fgsm = s.fgsmEps() > 0 ? Fgsm.accuracy(model, testSrc, s.fgsmEps() / 255, 256) : Double.NaN;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("task", "image");
            facts.put("method", s.method());
            facts.put("arch", s.arch().name());
            facts.put("preset", s.preset());
            facts.put("seed", s.config().seed());
            facts.put("config", s.config());
            facts.put("mix", Report.mixing(s.resolvedOptions(), ((Augmented) strategy).method()));
            facts.put("augmentation", Map.of("crop_padding", s.cropPadding(), "flip", s.flip(), "pad_to", s.padTo()));
            facts.put("data", Map.of("data", splits.name(), "train_images", train.size(),
                    "valid_images", valid == null ? 0 : valid.size(), "test_images", test.size()));
            if (!Double.isNaN(fgsm)) {
                facts.put("fgsm", Map.of("eps_255", s.fgsmEps(), "accuracy", fgsm, "error", 1 - fgsm));
            }
            facts.put("training", Report.training(outcome, (System.nanoTime() - t0) / 1e9));
            ObjectNode report = Report.toJson(m, train.classNames(), facts);
            Report.write(s.out().resolve("report.json"), report);
            ImageCheckpoint.save(s.out().resolve("checkpoint"), model, train.classNames(), train.height(), mean,
                    std, Map.of("method", s.method(), "seed", s.config().seed(), "data", splits.name()));
            LearningCurve.plot(metrics, s.out().resolve("learning-curve.png"),
                    s.method() + " on " + splits.name() + " (" + s.arch().name() + ")");
            return new Result(m, fgsm, outcome, report);
        }
    }

    private static ImageDataset slice(ImageDataset d, int from, int to) {
        int len = d.imageLength();
        return new ImageDataset(Arrays.copyOfRange(d.pixels(), from * len, to * len),
                Arrays.copyOfRange(d.labels(), from, to), d.classNames(), d.channels(), d.height(), d.width(), d.source());
    }
}
