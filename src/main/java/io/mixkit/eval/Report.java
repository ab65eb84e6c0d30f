package io.mixkit.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.train.ClassificationMetrics;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.ScheduleRule;
import io.mixkit.train.Trainer;
import io.mixkit.train.strategy.StageMix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: accuracy, macro-F1, expected calibration error, n, mean loss, per-class
 * precision / recall / F1 / support, the confusion matrix ([true][predicted]), and whatever the
 * caller adds (method, settings, data handling counts).
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Report() {}

    /**
     * @param m the metrics
     * @param labels class names in index order
     * @param extra further top-level fields
     * @return the report as a JSON object
     */
    public static ObjectNode toJson(ClassificationMetrics m, List<String> labels, Map<String, Object> extra) {
        ObjectNode n = JSON.createObjectNode();
        n.put("accuracy", m.accuracy());
        n.put("macro_f1", m.macroF1());
        n.put("ece", m.ece());
        n.put("n", m.n());
        n.put("mean_loss", m.meanLoss());
        ObjectNode per = n.putObject("per_class");
        for (int k = 0; k < labels.size(); k++) {
            ObjectNode c = per.putObject(labels.get(k));
            c.put("support", m.support()[k]);
            putNumber(c, "precision", m.precision()[k]);
            putNumber(c, "recall", m.recall()[k]);
            putNumber(c, "f1", m.f1()[k]);
        }
        ArrayNode names = n.putArray("labels");
        labels.forEach(names::add);
        ArrayNode conf = n.putArray("confusion");
        for (int[] row : m.confusion()) {
            ArrayNode r = conf.addArray();
            for (int v : row) {
                r.add(v);
            }
        }
        extra.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        return n;
    }

    /**
     * The report's {@code training} block.
     *
     * @param o what the loop did
     * @param seconds the run's wall time
     * @return steps, best step and validation accuracy (-1 without validation), early stop, skipped steps, seconds
     */
    public static Map<String, Object> training(Trainer.Outcome o, double seconds) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("steps", o.steps());
        t.put("best_step", o.bestStep());
        t.put("best_valid_accuracy", Double.isNaN(o.bestAccuracy()) ? -1 : o.bestAccuracy());
        t.put("stopped_early", o.stoppedEarly());
        t.put("skipped_non_finite_steps", o.skippedSteps());
        t.put("seconds", seconds);
        return t;
    }

    /**
     * The report's {@code schedule} block: what the run was set to do, and which of it the few-label rule chose.
     *
     * @param s the schedule
     * @return batch size, epochs, steps per epoch, updates, validation interval (0 = each epoch), patience in
     *     validations and in updates, and {@code chosen_by_rule} (the flags the rule set)
     */
    public static Map<String, Object> schedule(ScheduleRule.Chosen s) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("batch_size", s.config().batchSize());
        t.put("epochs", s.config().epochs());
        t.put("steps_per_epoch", s.stepsPerEpoch());
        t.put("updates", s.updates());
        t.put("eval_every", s.config().evalEverySteps());
        t.put("patience", s.config().patience());
        t.put("patience_updates", s.patienceUpdates());
        t.put("chosen_by_rule", s.chosen());
        return t;
    }

    /**
     * The report's {@code mix} block: the method's options as run, and the stages a {@link StageMix} drew from.
     *
     * @param options the method's options record
     * @param strategy the strategy (unwrapped through {@code Augmented} by the caller where needed)
     * @return the block
     */
    public static ObjectNode mixing(Object options, MixStrategy<?> strategy) {
        ObjectNode n = MethodOptions.toJson(options);
        if (strategy instanceof StageMix<?> sm) {
            ArrayNode stages = n.putArray("stages");
            for (int k : sm.stages()) {
                stages.add(k);
            }
        }
        return n;
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isNaN(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    /**
     * @param file destination
     * @param report the report
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, ObjectNode report) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
    }
}
