package io.mixkit.cli;

import static io.mixkit.cli.OptionChecks.allIn;
import static io.mixkit.cli.OptionChecks.atLeast;
import static io.mixkit.cli.OptionChecks.existingFile;
import static io.mixkit.cli.OptionChecks.inUnitInterval;
import static io.mixkit.cli.OptionChecks.nonNegative;
import static io.mixkit.cli.OptionChecks.oneOf;
import static io.mixkit.cli.OptionChecks.positive;

import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.text.BertConfig;
import io.mixkit.text.Pooling;
import io.mixkit.text.augment.Augmenters;
import io.mixkit.text.strategy.MixText;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.LearningRateSchedule;
import io.mixkit.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every option of {@code train}, checked once the preset is resolved and before data or a model
 * loads: ranges, files and folders, the model's depth (from config.json or the catalogue), the
 * saved state of {@code --resume}. Values from the preset are named with its key.
 */
final class TrainChecks {

    private TrainChecks() {}

    /** Data file extensions that {@link io.mixkit.text.data.TextDataReader} reads. */
    static final List<String> DATA_EXTENSIONS = List.of(".csv", ".tsv", ".tab", ".jsonl", ".json", ".ndjson");

    static Path dataFile(String option, Path p) {
        existingFile(option, p);
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (DATA_EXTENSIONS.stream().noneMatch(n::endsWith)) {
            throw new IllegalArgumentException(option + " " + p + ": unknown data format; expected .csv, .tsv or .jsonl");
        }
        return p;
    }

    /** Checks of {@code train} for text, with the method already resolved and known. */
    static void text(TrainCommand c, Preset p, String method) throws IOException {
        List<String> methods = new ArrayList<>(TextMethods.NAMES);
        methods.add("mixtext");
        if (c.baseline != null) {
            oneOf("--baseline", c.baseline, methods);
        }
        common(c, p);
        onlyFor(c, "text", IMAGE_ONLY);
        nonNegative(p.origin("--lr-encoder", "lr_encoder", c.lrEncoder), p.number("lr_encoder", c.lrEncoder));
        nonNegative(p.origin("--lr-head", "lr_head", c.lrHead), p.number("lr_head", c.lrHead));
        nonNegative(p.origin(null, "weight_decay", null), p.number("weight_decay", null));
        positive(p.origin("--alpha", "alpha", c.alpha), p.number("alpha", c.alpha));
        p.bool("fold", c.fold);
        Pooling.parse(p.text("pooling", c.pooling));
        LearningRateSchedule.parse(p.text("schedule", null));
        if (p.get("ssmix_window") != null) {
            double w = p.number("ssmix_window", null);
            if (!(w > 0 && w <= 1)) {
                throw new IllegalArgumentException(p.origin(null, "ssmix_window", null) + " must be in (0, 1], got " + w);
            }
        }
        if (c.patience == null && p.get("patience") != null) {
            atLeast(p.origin("--patience", "patience", null), p.integer("patience", null), 0);
        }
        if (c.labelsPerClass != null) {
            atLeast("--labels-per-class", c.labelsPerClass, 1);
        }
        if (c.validPerClass != null) {
            atLeast("--valid-per-class", c.validPerClass, 0);
        }
        // As TrainCommand then requires, checked here so that no --out folder is made for nothing.
        if (c.train == null && c.test != null) {
            throw new IllegalArgumentException("--test needs --train");
        }
        if (c.train != null && c.test == null) {
            throw new IllegalArgumentException("--test is required with --train");
        }
        if (c.train != null) {
            dataFile("--train", c.train);
        }
        if (c.valid != null) {
            dataFile("--valid", c.valid);
        }
        if (c.test != null) {
            dataFile("--test", c.test);
        }
        String lengthFrom = p.origin("--max-length", "max_length", c.maxLength);
        int maxLength = p.integer("max_length", c.maxLength);
        OptionChecks.maxLength(lengthFrom, maxLength, c.model, 0);
        boolean usesLayers = method.equals("tmix") || method.equals("mixtext")
                || "tmix".equals(c.baseline) || "mixtext".equals(c.baseline);
        int[] layers = p.ints("mix_layers", c.mixLayers);
        OptionChecks.ModelShape shape = OptionChecks.model("--model", c.model);
        if (shape != null) {
            OptionChecks.maxLength(lengthFrom, maxLength, c.model, shape.maxPositions());
            if (usesLayers && layers != null) {
                OptionChecks.mixLayers(p.origin("--mix-layers", "mix_layers", c.mixLayers), layers, c.model, shape.layers());
            }
        }
        if (method.equals("mixtext") || "mixtext".equals(c.baseline)) {
            semiSupervised(c.semi, p, c);
        }
        resume(c);
        OptionChecks.createDir("--out", c.out);
    }

    /**
     * Checks what only the loaded model can tell, when config.json and the catalogue could not:
     * the depth for --mix-layers and the position table for --max-length.
     */
    static void afterModelLoad(TextTrainingRun.Settings s, BertConfig config) {
        OptionChecks.maxLength("--max-length", s.maxLength(), s.model(), config.maxPositions());
        int[] layers = s.mix().mixLayers();
        if (layers != null && (s.method().equals("tmix") || s.method().equals("mixtext"))) {
            OptionChecks.mixLayers("--mix-layers", layers, s.model(), config.numLayers());
        }
    }

    private static void semiSupervised(SemiSupervisedOptions o, Preset p, TrainCommand c) throws IOException {
        if (o.unlabeled != null) {
            OptionChecks.readableFile("--unlabeled", o.unlabeled); // its reader names an empty file and bad lines
        }
        atLeast("--unlabeled-per-class", o.unlabeledPerClass, 0);
        atLeast("--k", o.k, 1);
        positive("--temperature", o.temperature);
        nonNegative("--lambda-u", o.lambdaU);
        atLeast("--unlabeled-batch-size", o.unlabeledBatch, 1);
        nonNegative("--entropy-weight", o.entropyWeight);
        nonNegative("--entropy-margin", o.entropyMargin);
        inUnitInterval("--confidence-threshold", o.confidenceThreshold);
        // The record's own checks (--tsa and the rest), with the values resolved so far.
        new MixText.Options(o.unlabeledBatch, o.temperature, p.number("alpha", c.alpha), new int[] {1}, o.lambdaU,
                o.guessDropout, o.entropyWeight, o.entropyMargin, o.confidenceThreshold, o.tsa,
                p.integer("max_length", c.maxLength));
        if (o.augment.endsWith(".jsonl") || o.augment.endsWith(".json")) {
            existingFile("--augment", Path.of(o.augment));
        } else {
            List<String> choices = new ArrayList<>(Augmenters.NAMES);
            choices.add("a .jsonl paraphrase file");
            oneOf("--augment", o.augment, choices);
            if (o.augment.equals("mlm")) {
                OptionChecks.model("--augment-model", o.augmentModel);
            }
        }
    }

    /** Options both tasks share: loop settings, output folder. */
    private static void common(TrainCommand c, Preset p) {
        atLeast(p.origin("--epochs", "epochs", c.epochs), p.integer("epochs", c.epochs), 1);
        atLeast(p.origin("--batch-size", "batch_size", c.batchSize), p.integer("batch_size", c.batchSize), 1);
        double warmup = p.number("warmup", null);
        if (!(warmup >= 0 && warmup < 1)) {
            throw new IllegalArgumentException(p.origin(null, "warmup", null) + " must be in [0, 1), got " + warmup);
        }
        nonNegative(p.origin(null, "max_grad_norm", null), p.number("max_grad_norm", null));
        if (c.evalEvery != null) {
            atLeast("--eval-every", c.evalEvery, 0);
        }
        if (c.patience != null) {
            atLeast("--patience", c.patience, 0);
        }
        if (c.checkpointEvery != null) {
            atLeast("--checkpoint-every", c.checkpointEvery, 0);
        }
        if (c.maxSteps != null) {
            atLeast("--max-steps", c.maxSteps, 0);
        }
        OptionChecks.writableDir("--out", c.out);
    }

    /** --resume needs the saved state the run would continue from (and that of --baseline). */
    private static void resume(TrainCommand c) throws IOException {
        if (!c.resume) {
            return;
        }
        Path last = c.out.resolve("state").resolve("last");
        if (TrainingState.locate(last) == null) { // last.old holds it when a save was cut between its renames
            throw new IllegalArgumentException("--resume: " + last + ": no saved training state to resume from");
        }
        TrainingState.verify(last); // a partial or corrupt file, named
    }

    /** Checks of {@code train --task image}, with the method already resolved and known. */
    static void image(TrainCommand c, Preset p, String method) throws IOException {
        ImageOptions o = c.image;
        if (c.baseline != null) {
            oneOf("--baseline", c.baseline, ImageMethods.NAMES);
        }
        onlyFor(c, "image", TEXT_ONLY);
        OptionChecks.imageData("--data", o.data);
        common(c, p);
        nonNegative(p.origin("--lr", "lr", o.lr), p.number("lr", o.lr));
        nonNegative(p.origin("--weight-decay", "weight_decay", o.weightDecay), p.number("weight_decay", o.weightDecay));
        if (c.alpha != null) {
            positive("--alpha", c.alpha);
        }
        LearningRateSchedule.parse(p.text("schedule", o.schedule));
        ResNetClassifier.Architecture arch = ResNetClassifier.Architecture.parse(p.text("arch", o.arch));
        if (o.trainSize != null) {
            atLeast("--train-size", o.trainSize, 0);
        }
        if (o.testSize != null) {
            atLeast("--test-size", o.testSize, 0);
        }
        atLeast("--valid-size", o.validSize, 0);
        atLeast(p.origin("--pad-to", "pad_to", o.padTo), p.integer("pad_to", o.padTo), 0);
        atLeast(p.origin("--crop-padding", "crop_padding", o.cropPadding), p.integer("crop_padding", o.cropPadding), 0);
        p.bool("flip", o.flip);
        nonNegative(p.origin("--fgsm-eps", "fgsm_eps", o.fgsmEps), p.number("fgsm_eps", o.fgsmEps));
        if (o.mixStages != null) {
            allIn("--mix-stages", o.mixStages, 0, arch.widths().length, arch.name() + " has stages 0 (the input) to "
                    + arch.widths().length);
        }
        puzzle(c.puzzle);
        resume(c);
        OptionChecks.createDir("--out", c.out);
    }

    /** Options that only --task text reads. */
    static final List<String> TEXT_ONLY = List.of("--model", "--train", "--valid", "--test", "--text-column",
            "--label-column", "--labels-per-class", "--valid-per-class", "--lr-encoder", "--lr-head", "--fold",
            "--mix-layers", "--max-length", "--pooling", "--unlabeled", "--unlabeled-per-class", "--augment",
            "--augment-model", "--k", "--temperature", "--lambda-u", "--unlabeled-batch-size", "--guess-dropout",
            "--entropy-weight", "--entropy-margin", "--confidence-threshold", "--tsa");

    /** Options that only --task image reads. */
    static final List<String> IMAGE_ONLY = List.of("--data", "--arch", "--lr", "--optimizer", "--schedule",
            "--weight-decay", "--train-size", "--test-size", "--valid-size", "--pad-to", "--crop-padding", "--flip",
            "--mix-stages", "--fgsm-eps", "--grid-sizes", "--n-labels", "--beta", "--gamma", "--eta", "--neigh-size",
            "--transport", "--t-eps", "--t-size", "--adv-p", "--adv-eps", "--clean-lam", "--graph-threads",
            "--mask-solver");

    /** An option the task would silently ignore is an error. */
    private static void onlyFor(TrainCommand c, String task, List<String> others) {
        var parsed = c.spec.commandLine().getParseResult();
        for (String o : others) {
            if (parsed.hasMatchedOption(o)) {
                throw new IllegalArgumentException(o + " is not an option of --task " + task
                        + (task.equals("text") ? " (it is one of --task image)" : " (it is one of --task text)"));
            }
        }
    }

    /** PuzzleMix's options, named; then the settings record's own checks. */
    static void puzzle(PuzzleMixOptions o) {
        if (o.gridSizes != null) {
            if (o.gridSizes.length == 0) {
                throw new IllegalArgumentException("--grid-sizes must list at least one grid");
            }
            for (int g : o.gridSizes) {
                atLeast("--grid-sizes " + OptionChecks.join(o.gridSizes) + ": each grid", g, 1);
            }
        }
        if (o.nLabels != null) {
            atLeast("--n-labels", o.nLabels, 2);
        }
        if (o.beta != null) {
            nonNegative("--beta", o.beta);
        }
        if (o.gamma != null) {
            nonNegative("--gamma", o.gamma);
        }
        if (o.eta != null) {
            nonNegative("--eta", o.eta);
        }
        if (o.neighSize != null) {
            atLeast("--neigh-size", o.neighSize, 1);
        }
        if (o.tEps != null) {
            nonNegative("--t-eps", o.tEps);
        }
        if (o.tSize != null && o.tSize != -1 && o.tSize < 1) {
            throw new IllegalArgumentException("--t-size must be at least 1 pixel, or -1 for the mask's blocks, got " + o.tSize);
        }
        if (o.advP != null) {
            inUnitInterval("--adv-p", o.advP);
        }
        if (o.advEps != null) {
            nonNegative("--adv-eps", o.advEps);
        }
        if (o.cleanLam != null) {
            nonNegative("--clean-lam", o.cleanLam);
        }
        if (o.graphThreads != null) {
            atLeast("--graph-threads", o.graphThreads, 1);
        }
        if (o.maskSolver != null) {
            oneOf("--mask-solver", o.maskSolver, List.of("exact", "swap"));
        }
        o.puzzle();
    }
}
