package io.mixkit.cli;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.eval.LearningCurve;
import io.mixkit.eval.MetricsLog;
import io.mixkit.eval.Report;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.LabelVocabulary;
import io.mixkit.text.data.ProtocolSplit;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.data.TextExamples;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.Predictions;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.FitRequest;
import io.mixkit.train.NonFinitePolicy;
import io.mixkit.train.Trainer;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One supervised text training run, end to end: data (with the MixText protocol when asked), model,
 * method, the loop, then the test report, the checkpoint, the metrics log and the learning curve in
 * the output folder.
 */
final class TextTrainingRun {

    /**
     * Everything a run needs, resolved from the command line and the preset.
     */
    record Settings(String method, String model, Path train, Path valid, Path test, String textColumn,
                    String labelColumn, int labelsPerClass, int validPerClass, TrainConfig config,
                    TextMethods.Settings mix, int maxLength, Pooling pooling, String preset,
                    SemiSupervisedOptions semi, NonFinitePolicy onNonFinite) {

        Settings withMethod(String m) {
            return new Settings(m, model, train, valid, test, textColumn, labelColumn, labelsPerClass, validPerClass,
                    config, mix, maxLength, pooling, preset, semi, onNonFinite);
        }
    }

    private TextTrainingRun() {}

    static ClassificationMetrics run(Settings s, Path out, boolean resume, PrintWriter err) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        TextExamples trainAll = TextDataReader.read(s.train(), s.textColumn(), s.labelColumn());
        LabelVocabulary vocab = LabelVocabulary.of(trainAll);
        List<String> notes = new ArrayList<>();
        TextExamples train = trainAll;
        TextExamples valid = s.valid() == null ? null : TextDataReader.read(s.valid(), s.textColumn(), s.labelColumn());
        boolean mixtext = s.method().equals("mixtext");
        TextExamples protocolUnlabeled = null;
        if (s.labelsPerClass() > 0) {
            int unlabeledPerClass = mixtext && s.semi().unlabeled == null ? s.semi().unlabeledPerClass : 0;
            ProtocolSplit split = ProtocolSplit.sample(trainAll, vocab, s.labelsPerClass(), unlabeledPerClass,
                    s.valid() == null ? s.validPerClass() : 0, s.config().seed());
            protocolUnlabeled = split.unlabeled();
            train = split.labeled();
            if (s.valid() == null && split.validation().size() > 0) {
                valid = split.validation();
            }
            notes.addAll(split.notes());
        }
        TextExamples test = TextDataReader.read(s.test(), s.textColumn(), s.labelColumn());
        int[] trainY = vocab.indices(train);
        int[] validY = valid == null ? null : vocab.indices(valid);
        int[] testY = vocab.indices(test);
        try (SemiSupervised semi = mixtext ? SemiSupervised.open(s, protocolUnlabeled) : null) {
            err.printf("%s: %d training examples, %d validation, %d test, %d classes; model %s%n", s.method(),
                    train.size(), valid == null ? 0 : valid.size(), test.size(), vocab.size(), s.model());
            if (semi != null) {
                err.println(semi.describe());
            }
            err.flush();
            return train(s, out, resume, err, semi, vocab, train, valid, test, trainY, validY, testY, notes, t0);
        }
    }

    private static ClassificationMetrics train(Settings s, Path out, boolean resume, PrintWriter err,
                                               SemiSupervised semi, LabelVocabulary vocab, TextExamples train,
                                               TextExamples valid, TextExamples test, int[] trainY, int[] validY,
                                               int[] testY, List<String> notes, long t0) throws IOException {
        boolean mixtext = semi != null;
        Engine.getInstance().setRandomSeed((int) s.config().seed());
        try (TextModel model = TextModel.load(s.model(), false)) {
            TrainChecks.afterModelLoad(s, model.encoder().config());
            TextClassifier classifier = new TextClassifier(model.encoder(), s.pooling(), vocab.size());
            MixStrategy<EncodedBatch> strategy = mixtext ? semi.strategy(s, classifier, model)
                    : TextMethods.create(s.method(), s.mix(), classifier);
            TextBatchSource trainSrc = new TextBatchSource(train, trainY, model.tokenizer(), s.maxLength());
            TextBatchSource validSrc = valid == null ? null
                    : new TextBatchSource(valid, validY, model.tokenizer(), s.maxLength());
            TextBatchSource testSrc = new TextBatchSource(test, testY, model.tokenizer(), s.maxLength());
            Path metrics = out.resolve("metrics.jsonl");
            Trainer<EncodedBatch> trainer = new Trainer<>(classifier, strategy, s.config())
                    .onNonFinite(s.onNonFinite())
                    .addListener(new ProgressBar(err, s.method()))
                    .addListener(new MetricsLog(metrics));
            Trainer.Outcome outcome = trainer.fit(FitRequest.<EncodedBatch>builder(trainSrc)
                    .optValidation(validSrc).optStateDir(out.resolve("state")).optResume(resume).build());

            ClassificationMetrics m = Predictions.of(classifier, testSrc, 64).metrics();
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("method", s.method());
            facts.put("model", s.model());
            facts.put("preset", s.preset());
            facts.put("seed", s.config().seed());
            facts.put("config", s.config());
            facts.put("mix", Map.of("alpha", s.mix().alpha(), "fold", s.mix().fold(),
                    "mix_layers", strategyStages(strategy), "ssmix_window", s.mix().ssmixWindow()));
            facts.put("max_length", s.maxLength());
            facts.put("pooling", s.pooling().name().toLowerCase(java.util.Locale.ROOT));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("train_file", s.train().toString());
            data.put("test_file", s.test().toString());
            data.put("train_examples", train.size());
            data.put("valid_examples", valid == null ? 0 : valid.size());
            data.put("test_examples", test.size());
            data.put("labels_per_class", s.labelsPerClass());
            data.put("truncated_train", trainSrc.truncatedCount());
            data.put("truncated_valid", validSrc == null ? 0 : validSrc.truncatedCount());
            data.put("truncated_test", testSrc.truncatedCount());
            data.put("notes", notes);
            facts.put("data", data);
            if (semi != null) {
                facts.put("unlabeled", semi.facts());
            }
            facts.put("training", Map.of("steps", outcome.steps(), "best_step", outcome.bestStep(),
                    "best_valid_accuracy", Double.isNaN(outcome.bestAccuracy()) ? -1 : outcome.bestAccuracy(),
                    "stopped_early", outcome.stoppedEarly(), "skipped_non_finite_steps", outcome.skippedSteps(),
                    "seconds", (System.nanoTime() - t0) / 1e9));
            ObjectNode report = Report.toJson(m, vocab.names(), facts);
            Report.write(out.resolve("report.json"), report);
            TextCheckpoint.save(out.resolve("checkpoint"), model, classifier, vocab, s.maxLength(),
                    Map.of("method", s.method(), "base_model", s.model(), "seed", s.config().seed()));
            LearningCurve.plot(metrics, out.resolve("learning-curve.png"),
                    s.method() + " on " + s.train().getFileName() + " (" + s.model() + ")");
            int cut = trainSrc.truncatedCount() + testSrc.truncatedCount()
                    + (validSrc == null ? 0 : validSrc.truncatedCount());
            if (cut > 0) {
                err.printf("%s: %d texts were longer than %d tokens and were cut (counted in report.json)%n",
                        s.method(), cut, s.maxLength());
            }
            err.flush();
            return m;
        }
    }

    private static int[] strategyStages(MixStrategy<EncodedBatch> strategy) {
        return strategy instanceof io.mixkit.train.strategy.StageMix<?> sm ? sm.stages() : new int[0];
    }
}
