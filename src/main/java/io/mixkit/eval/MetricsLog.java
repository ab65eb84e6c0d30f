package io.mixkit.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.train.TrainingListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code metrics.jsonl}: one JSON object per step ({@code "type": "step"}: loss and its parts,
 * learning-rate factor, gradient norm, examples/s) and per evaluation ({@code "type": "valid"}:
 * accuracy, macro-F1, ECE, loss, best). A resumed run appends, after dropping records beyond the
 * step it resumes from.
 */
public final class MetricsLog implements TrainingListener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private BufferedWriter out;

    /** @param file the log file */
    public MetricsLog(Path file) {
        this.file = file;
    }

    @Override
    public void onStart(long startStep, long totalSteps) {
        try {
            if (startStep > 0 && Files.exists(file)) {
                // Keep what happened up to the resumed step; later lines belonged to the killed run.
                var kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                        .filter(l -> !l.isBlank())
                        .filter(l -> {
                            try {
                                return JSON.readTree(l).path("step").asLong() <= startStep;
                            } catch (IOException e) {
                                return false;
                            }
                        }).toList();
                Files.write(file, kept, StandardCharsets.UTF_8);
            } else {
                Files.deleteIfExists(file);
            }
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the metrics log", e);
        }
    }

    @Override
    public void onStep(Step s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "step");
        n.put("step", s.step());
        n.put("epoch", s.epoch());
        n.put("loss", s.loss());
        s.parts().forEach((k, v) -> n.put("loss_" + k, v));
        n.put("lr_factor", s.learningRateScale());
        n.put("grad_norm", s.gradNorm());
        n.put("examples_per_s", s.examplesPerSecond());
        write(n);
    }

    @Override
    public void onSkippedStep(long step, String what) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "skipped");
        n.put("step", step);
        n.put("reason", what);
        write(n);
    }

    @Override
    public void onEvaluation(Evaluation e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "valid");
        n.put("step", e.step());
        n.put("epoch", e.epoch());
        n.put("accuracy", e.metrics().accuracy());
        n.put("macro_f1", e.metrics().macroF1());
        n.put("ece", e.metrics().ece());
        n.put("loss", e.metrics().meanLoss());
        n.put("best", e.best());
        write(n);
    }

    private void write(ObjectNode n) {
        try {
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the metrics log", e);
        }
    }

    @Override
    public void onEnd(long stepsDone, boolean stoppedEarly) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
