package io.mixkit.run;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.eval.LearningCurve;
import io.mixkit.eval.MetricsLog;
import io.mixkit.eval.Report;
import io.mixkit.text.BertConfig;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.text.data.LabelVocabulary;
import io.mixkit.text.data.ProtocolSplit;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.data.TextExamples;
import io.mixkit.text.strategy.TextMethodContext;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.FitRequest;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.NativeBf16;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.Precision;
import io.mixkit.train.Predictions;
import io.mixkit.train.ScheduleRule;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One text training run, end to end: data (with the MixText protocol when asked), model, method, the
 * loop, then in the output folder {@code report.json} (test metrics and every setting), {@code checkpoint/},
 * {@code metrics.jsonl}, {@code learning-curve.png} and the resumable {@code state/}.
 *
 * <pre>{@code
 * TextRun.Result r = TextRun.run(TextRun.Settings.builder(Path.of("runs/tmix"))
 *         .optMethod("tmix").optConfig(TrainConfig.builder().optEpochs(2).build()).build());
 * }</pre>
 */
public final class TextRun {

    /**
     * Everything a run needs; {@link #builder} holds the defaults.
     *
     * @param out the output folder
     * @param resume continue the run saved in {@code out}
     * @param method a name from {@link TextMethods#REGISTRY}
     * @param methodOptions the method's options record (from {@link MethodOptions#bind}), or null for its defaults
     * @param model a catalogue name or a local directory
     * @param train training data (null: the embedded dataset, with its valid and test splits)
     * @param valid validation data, or null
     * @param test test data (required with {@code train})
     * @param textColumn column or JSON key of the text
     * @param labelColumn column or JSON key of the label
     * @param labelsPerClass MixText protocol: N seeded labeled examples per class (0 = all)
     * @param validPerClass with {@code labelsPerClass} and no {@code valid}: examples per class held out
     * @param config the loop's settings
     * @param maxLength tokens per text
     * @param pooling sentence pooling
     * @param unlabeled the unlabeled side of a semi-supervised method
     * @param onNonFinite what a non-finite step does
     * @param preset the preset these came from, for the report (or null)
     * @param log progress and notes
     * @param precision the number format of the encoder's matrix products
     * @param schedule what of the schedule is fixed; the rest {@link ScheduleRule} chooses for the training set's size
     */
    public record Settings(Path out, boolean resume, String method, Object methodOptions, String model, Path train,
                           Path valid, Path test, String textColumn, String labelColumn, int labelsPerClass,
                           int validPerClass, TrainConfig config, int maxLength, Pooling pooling,
                           UnlabeledData unlabeled, NonFinitePolicy onNonFinite, String preset, PrintWriter log,
                           Precision precision, ScheduleRule.Request schedule) {

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
            b.model = model;
            b.train = train;
            b.valid = valid;
            b.test = test;
            b.textColumn = textColumn;
            b.labelColumn = labelColumn;
            b.labelsPerClass = labelsPerClass;
            b.validPerClass = validPerClass;
            b.config = config;
            b.maxLength = maxLength;
            b.pooling = pooling;
            b.unlabeled = unlabeled;
            b.onNonFinite = onNonFinite;
            b.preset = preset;
            b.log = log;
            b.precision = precision;
            b.schedule = schedule;
            return b;
        }

        /** @return the method's registry entry */
        public MethodSpec<EncodedBatch, TextMethodContext, ?> spec() {
            return TextMethods.REGISTRY.get(method);
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
        private String method = "tmix";
        private Object methodOptions;
        private String model = "minilm-l6";
        private Path train;
        private Path valid;
        private Path test;
        private String textColumn = "text";
        private String labelColumn = "label";
        private int labelsPerClass;
        private int validPerClass = ScheduleRule.VALID_PER_CLASS;
        private TrainConfig config = TrainConfig.defaults();
        private ScheduleRule.Request schedule = ScheduleRule.Request.adaptive();
        private int maxLength = 128;
        private Pooling pooling = Pooling.MEAN;
        private UnlabeledData unlabeled = UnlabeledData.defaults();
        private NonFinitePolicy onNonFinite = NonFinitePolicy.STOP;
        private String preset;
        private PrintWriter log = new PrintWriter(System.err, true);
        private Precision precision = Precision.FP32;

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

        /** @param v catalogue name or directory @return this */
        public Builder optModel(String v) {
            model = v;
            return this;
        }

        /**
         * @param trainFile training data
         * @param validFile validation data, or null
         * @param testFile test data
         * @return this
         */
        public Builder optData(Path trainFile, Path validFile, Path testFile) {
            train = trainFile;
            valid = validFile;
            test = testFile;
            return this;
        }

        /** @param text the text column @param label the label column @return this */
        public Builder optColumns(String text, String label) {
            textColumn = text;
            labelColumn = label;
            return this;
        }

        /** @param labeled labeled examples per class (0 = all) @param validation held out per class @return this */
        public Builder optLabelsPerClass(int labeled, int validation) {
            labelsPerClass = labeled;
            validPerClass = validation;
            return this;
        }

        /**
         * A configuration given whole is used as it is: its epochs, batch size, validation interval and patience
         * are fixed (call {@link #optSchedule} afterwards to let the rule choose some of them).
         *
         * @param v the loop's settings
         * @return this
         */
        public Builder optConfig(TrainConfig v) {
            config = v;
            schedule = ScheduleRule.Request.fixed(v);
            return this;
        }

        /**
         * @param v what of the schedule is fixed; null fields are chosen by {@link ScheduleRule} (the default
         *     without {@link #optConfig}: all of them)
         * @return this
         */
        public Builder optSchedule(ScheduleRule.Request v) {
            schedule = v;
            return this;
        }

        /** @param v tokens per text @return this */
        public Builder optMaxLength(int v) {
            maxLength = v;
            return this;
        }

        /** @param v pooling @return this */
        public Builder optPooling(Pooling v) {
            pooling = v;
            return this;
        }

        /** @param v the unlabeled texts and their views @return this */
        public Builder optUnlabeled(UnlabeledData v) {
            unlabeled = v;
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

        /** @param v the number format of the encoder's matrix products (fp32) @return this */
        public Builder optPrecision(Precision v) {
            precision = v;
            return this;
        }

        /** @param v where progress goes @return this */
        public Builder optLog(PrintWriter v) {
            log = v;
            return this;
        }

        /** @return the settings */
        public Settings build() {
            TextMethods.REGISTRY.get(method); // names the known methods
            if (train == null && test != null) {
                throw new IllegalArgumentException("test data needs training data");
            }
            if (train != null && test == null) {
                throw new IllegalArgumentException("test data is required with training data");
            }
            return new Settings(out, resume, method, methodOptions, model, train, valid, test, textColumn, labelColumn,
                    labelsPerClass, validPerClass, config, maxLength, pooling, unlabeled, onNonFinite, preset, log, precision,
                    schedule);
        }
    }

    /**
     * What a run measured.
     *
     * @param metrics test metrics
     * @param outcome what the loop did
     * @param report the report written to {@code out/report.json}
     */
    public record Result(ClassificationMetrics metrics, Trainer.Outcome outcome, ObjectNode report) {}

    private TextRun() {}

    /**
     * @param s the settings
     * @return what it measured
     * @throws IOException if data, the model or an output cannot be read or written
     */
    public static Result run(Settings s) throws IOException {
        long t0 = System.nanoTime();
        PrintWriter err = s.log();
        Files.createDirectories(s.out());
        ObjectNode fingerprint = MethodOptions.object();
        fingerprint.put("method", s.method());
        fingerprint.set("options", MethodOptions.toJson(s.resolvedOptions()));
        fingerprint.put("model", s.model());
        fingerprint.put("precision", s.precision().name().toLowerCase(Locale.ROOT));
        fingerprint.put("max_length", s.maxLength());
        fingerprint.put("pooling", s.pooling().name().toLowerCase(Locale.ROOT));
        ObjectNode defaults = MethodOptions.object();
        defaults.set("options", MethodOptions.toJson(s.spec().defaults()));
        RunFingerprint.check(s.out().resolve("state"), fingerprint, s.resume(), defaults);
        Path trainFile = s.train() != null ? s.train() : EmbeddedDatasets.defaultSplit("train");
        Path testFile = s.train() != null ? s.test() : EmbeddedDatasets.defaultSplit("test");
        Path validFile = s.train() != null || s.valid() != null || s.labelsPerClass() > 0 ? s.valid()
                : EmbeddedDatasets.defaultSplit("valid");
        TextExamples trainAll = TextDataReader.read(trainFile, s.textColumn(), s.labelColumn());
        LabelVocabulary vocab = LabelVocabulary.of(trainAll);
        List<String> notes = new ArrayList<>();
        TextExamples train = trainAll;
        TextExamples valid = validFile == null ? null : TextDataReader.read(validFile, s.textColumn(), s.labelColumn());
        boolean semiSupervised = s.spec().semiSupervised();
        TextExamples protocolUnlabeled = null;
        if (s.labelsPerClass() > 0) {
            int unlabeledPerClass = semiSupervised && s.unlabeled().file() == null ? s.unlabeled().unlabeledPerClass() : 0;
            ProtocolSplit split = ProtocolSplit.sample(trainAll, vocab, s.labelsPerClass(), unlabeledPerClass,
                    validFile == null ? s.validPerClass() : 0, s.config().seed());
            protocolUnlabeled = split.unlabeled();
            train = split.labeled();
            if (validFile == null && split.validation().size() > 0) {
                valid = split.validation();
            }
            notes.addAll(split.notes());
        }
        TextExamples test = TextDataReader.read(testFile, s.textColumn(), s.labelColumn());
        vocab.indices(test); // a label the training data lacks, named with its row, before anything runs
        if (valid != null) {
            vocab.indices(valid);
        }
        Data data = new Data(trainFile, testFile, vocab, train, valid, test, notes);
        try (SemiSupervised semi = semiSupervised ? SemiSupervised.open(s, protocolUnlabeled, vocab.names()) : null) {
            err.printf("%s: %d training examples, %d validation, %d test, %d classes; model %s, precision %s%n", s.method(),
                    train.size(), valid == null ? 0 : valid.size(), test.size(), vocab.size(), s.model(),
                    s.precision().name().toLowerCase(Locale.ROOT) + NativeBf16.unit().map(u -> " (this CPU has " + u + ")").orElse(""));
            Precision.note(s.precision().name(), NativeBf16.unit()).ifPresent(err::println);
            if (semi != null) {
                err.println(semi.describe());
            }
            err.flush();
            return train(s, semi, data, t0);
        }
    }

    private record Data(Path trainFile, Path testFile, LabelVocabulary vocab, TextExamples train, TextExamples valid,
                        TextExamples test, List<String> notes) {}

    private static Result train(Settings s, SemiSupervised semi, Data d, long t0) throws IOException {
        PrintWriter err = s.log();
        Engine.getInstance().setRandomSeed((int) s.config().seed());
        try (TextModel model = TextModel.load(s.model(), false)) {
            checkAgainstModel(s, model.encoder().config());
            model.encoder().setPrecision(s.precision());
            TextClassifier classifier = new TextClassifier(model.encoder(), s.pooling(), d.vocab().size());
            TextMethodContext context = new TextMethodContext(classifier, model.tokenizer(), s.maxLength(),
                    semi == null ? null : semi.views());
            TextBatchSource trainSrc = source(d.train(), d.vocab(), model, s.maxLength());
            TextBatchSource validSrc = d.valid() == null ? null : source(d.valid(), d.vocab(), model, s.maxLength());
            TextBatchSource testSrc = source(d.test(), d.vocab(), model, s.maxLength());
            Path metrics = s.out().resolve("metrics.jsonl");
            ScheduleRule.Chosen schedule = ScheduleRule.apply(s.config(), s.schedule(), d.train().size(), validSrc != null,
                    s.spec().frozenBody());
            err.println(s.method() + ": " + schedule.describe(d.train().size(), d.valid() == null ? 0 : d.valid().size()));
            // a method that trains the head alone (the linear probe): the encoder's learning rate is 0
            TrainConfig config = s.spec().frozenBody()
                    ? schedule.config().toBuilder().optLearningRates(0, schedule.config().lrHead()).build() : schedule.config();
            try (MixStrategy<EncodedBatch> strategy = s.spec().create(s.resolvedOptions(), context)) {
                Trainer<EncodedBatch> trainer = new Trainer<>(classifier, strategy, config)
                        .onNonFinite(s.onNonFinite())
                        .addListener(new ProgressBar(err, s.method()))
                        .addListener(new MetricsLog(metrics));
                Trainer.Outcome outcome = trainer.fit(FitRequest.<EncodedBatch>builder(trainSrc)
                        .optValidation(validSrc).optStateDir(s.out().resolve("state")).optResume(s.resume()).build());
                ClassificationMetrics m = Predictions.of(classifier, testSrc, 64).metrics();
                Map<String, Object> facts = new LinkedHashMap<>();
                facts.put("method", s.method());
                facts.put("model", s.model());
                facts.put("preset", s.preset());
                facts.put("seed", s.config().seed());
                facts.put("config", config);
                facts.put("schedule", Report.schedule(schedule));
                facts.put("mix", Report.mixing(s.resolvedOptions(), strategy));
                facts.put("max_length", s.maxLength());
                facts.put("pooling", s.pooling().name().toLowerCase(Locale.ROOT));
                facts.put("precision", s.precision().name().toLowerCase(Locale.ROOT));
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("train_file", d.trainFile().toString());
                data.put("test_file", d.testFile().toString());
                data.put("train_examples", d.train().size());
                data.put("valid_examples", d.valid() == null ? 0 : d.valid().size());
                data.put("test_examples", d.test().size());
                data.put("labels_per_class", s.labelsPerClass());
                data.put("truncated_train", trainSrc.truncatedCount());
                data.put("truncated_valid", validSrc == null ? 0 : validSrc.truncatedCount());
                data.put("truncated_test", testSrc.truncatedCount());
                data.put("notes", d.notes());
                facts.put("data", data);
                if (semi != null) {
                    facts.put("unlabeled", semi.facts());
                }
                facts.put("training", Report.training(outcome, (System.nanoTime() - t0) / 1e9));
                ObjectNode report = Report.toJson(m, d.vocab().names(), facts);
                Report.write(s.out().resolve("report.json"), report);
                TextCheckpoint.save(s.out().resolve("checkpoint"), model, classifier, d.vocab(), s.maxLength(),
                        Map.of("method", s.method(), "base_model", s.model(), "seed", s.config().seed()));
                LearningCurve.plot(metrics, s.out().resolve("learning-curve.png"),
                        s.method() + " on " + d.trainFile().getFileName() + " (" + s.model() + ")");
                int cut = trainSrc.truncatedCount() + testSrc.truncatedCount()
                        + (validSrc == null ? 0 : validSrc.truncatedCount());
                if (cut > 0) {
                    err.printf("%s: %d texts were longer than %d tokens and were cut (counted in report.json)%n",
                            s.method(), cut, s.maxLength());
                }
                err.flush();
                return new Result(m, outcome, report);
            }
        }
    }

    private static TextBatchSource source(TextExamples e, LabelVocabulary vocab, TextModel model, int maxLength) {
        return new TextBatchSource(e, vocab.indices(e), model.tokenizer(), maxLength);
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.asText()));
        return String.join(",", parts);
    }

    /** What only the loaded model can tell: the position table for the length, the depth for the mixing layers. */
    private static void checkAgainstModel(Settings s, BertConfig config) {
        if (s.maxLength() > config.maxPositions()) {
            throw new IllegalArgumentException("--max-length " + s.maxLength() + " is longer than " + s.model()
                    + " can read (" + config.maxPositions() + " positions)");
        }
        JsonNode layers = MethodOptions.toJson(s.resolvedOptions()).get("mix_layers");
        if (layers != null && layers.isArray()) {
            for (JsonNode k : layers) {
                if (k.asInt() < 0 || k.asInt() > config.numLayers()) {
                    throw new IllegalArgumentException("--mix-layers " + join(layers) + ": " + k.asInt() + " is outside 0.."
                            + config.numLayers() + " (" + s.model() + " has " + config.numLayers()
                            + " layers; 0 = the embeddings)");
                }
            }
        }
    }
}
