package io.mixkit.cli;

import static io.mixkit.cli.OptionChecks.allIn;
import static io.mixkit.cli.OptionChecks.atLeast;
import static io.mixkit.cli.OptionChecks.existingFile;
import static io.mixkit.cli.OptionChecks.inUnitInterval;
import static io.mixkit.cli.OptionChecks.nonNegative;
import static io.mixkit.cli.OptionChecks.oneOf;
import static io.mixkit.cli.OptionChecks.positive;

import io.mixkit.image.ResNetClassifier;
import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.text.Pooling;
import io.mixkit.text.augment.Augmenters;
import io.mixkit.train.LearningRateSchedule;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodSpec;
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

    /**
     * Checks of {@code train text}'s options, with the methods resolved, before their options are bound
     * (so that a flag's own check names it).
     *
     * @param c the command
     * @param p the preset
     * @param main the method
     * @param base the baseline, or null
     */
    static void text(TrainTextCommand c, Preset p, MethodSpec<?, ?, ?> main, MethodSpec<?, ?, ?> base) throws IOException {
        common(c.loop, p);
        TextMethodFlags f = c.flags;
        nonNegative(p.origin("--lr-encoder", "lr_encoder", c.lrEncoder), p.number("lr_encoder", c.lrEncoder));
        nonNegative(p.origin("--lr-head", "lr_head", c.lrHead), p.number("lr_head", c.lrHead));
        nonNegative(p.origin(null, "weight_decay", null), p.number("weight_decay", null));
        if (f.alpha != null) {
            positive("--alpha", f.alpha);
        }
        Pooling.parse(p.text("pooling", c.pooling));
        c.precision.get();
        LearningRateSchedule.parse(p.text("schedule", null));
        if (c.loop.patience == null && p.get("patience") != null) {
            atLeast(p.origin("--patience", "patience", null), p.integer("patience", null), 0);
        }
        if (c.labelsPerClass != null) {
            atLeast("--labels-per-class", c.labelsPerClass, 1);
        }
        if (c.lengthBuckets != null || p.get("length_buckets") != null) {
            atLeast(p.origin("--length-buckets", "length_buckets", c.lengthBuckets), p.integer("length_buckets", c.lengthBuckets), 0);
        }
        if (c.validPerClass != null) {
            atLeast("--valid-per-class", c.validPerClass, 0);
        }
        // As the run then requires, checked here so that no --out folder is made for nothing.
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
        OptionChecks.ModelShape shape = OptionChecks.model("--model", c.model);
        if (shape != null) {
            OptionChecks.maxLength(lengthFrom, maxLength, c.model, shape.maxPositions());
        }
        if (main.semiSupervised() || (base != null && base.semiSupervised())) {
            semiSupervised(c.unlabeled, f);
        }
    }

    /**
     * With the methods' options bound: their mixing layers within the model's depth (from config.json or the
     * catalogue), then --resume and --out.
     */
    static void textOptions(TrainTextCommand c, Preset p, MethodSpec<?, ?, ?> main, Object mainOptions,
                            MethodSpec<?, ?, ?> base, Object baseOptions) throws IOException {
        OptionChecks.ModelShape shape = OptionChecks.model("--model", c.model);
        if (shape != null) {
            mixLayers(c, p, main, mainOptions, shape);
            if (base != null) {
                mixLayers(c, p, base, baseOptions, shape);
            }
        }
        resume(c.loop);
        OptionChecks.createDir("--out", c.loop.out);
    }

    /** A method's mix_layers within the model's depth, named by where they came from. */
    private static void mixLayers(TrainTextCommand c, Preset p, MethodSpec<?, ?, ?> spec, Object options,
                                  OptionChecks.ModelShape shape) {
        JsonNode layers = MethodOptions.toJson(options).get("mix_layers");
        if (layers == null || !layers.isArray()) {
            return;
        }
        int[] values = new int[layers.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = layers.get(i).asInt();
        }
        String from = "-O mix_layers";
        if (c.flags.mixLayers != null && c.spec.commandLine().getParseResult().hasMatchedOption("--mix-layers")) {
            from = "--mix-layers";
        } else if (c.loop.methodOptions == null || !c.loop.methodOptions.containsKey("mix_layers")) {
            from = "--mix-layers";
            for (MethodOptions.Layer l : p.methodLayers(spec)) {
                if (l.values().has("mix_layers")) {
                    from = "--mix-layers (" + l.where() + ")";
                }
            }
        }
        OptionChecks.mixLayers(from, values, c.model, shape.layers());
    }

    private static void semiSupervised(UnlabeledOptions o, TextMethodFlags f) throws IOException {
        if (o.unlabeled != null) {
            OptionChecks.readableFile("--unlabeled", o.unlabeled); // its reader names an empty file and bad lines
        }
        atLeast("--unlabeled-per-class", o.unlabeledPerClass, 0);
        atLeast("--k", o.k, 1);
        // each flag named by its own message; a flag with no shared default is null when not given, and the
        // options record checks what a preset or -O set
        if (f.temperature != null) {
            positive("--temperature", f.temperature);
        }
        if (f.lambdaU != null) {
            nonNegative("--lambda-u", f.lambdaU);
        }
        if (f.unlabeledBatchSize != null) {
            atLeast("--unlabeled-batch-size", f.unlabeledBatchSize, 1);
        }
        if (f.entropyWeight != null) {
            nonNegative("--entropy-weight", f.entropyWeight);
        }
        if (f.entropyMargin != null) {
            nonNegative("--entropy-margin", f.entropyMargin);
        }
        if (f.confidenceThreshold != null) {
            inUnitInterval("--confidence-threshold", f.confidenceThreshold);
        }
        if (f.guessRefresh != null) {
            atLeast("--guess-refresh", f.guessRefresh, 0);
        }
        if (f.alignmentMomentum != null && !(f.alignmentMomentum >= 0 && f.alignmentMomentum < 1)) {
            throw new IllegalArgumentException("--alignment-momentum must be in [0, 1), got " + f.alignmentMomentum);
        }
        if (f.tsa != null && !List.of("none", "linear", "log", "exp").contains(f.tsa)) {
            throw new IllegalArgumentException("--tsa must be none, linear, log or exp, got " + f.tsa);
        }
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
    private static void common(LoopOptions c, Preset p) {
        Integer epochs = p.optionalInteger("epochs", c.epochs);
        if (epochs != null) {
            atLeast(p.origin("--epochs", "epochs", c.epochs), epochs, 1);
        }
        Integer batch = p.optionalInteger("batch_size", c.batchSize);
        if (batch != null) {
            atLeast(p.origin("--batch-size", "batch_size", c.batchSize), batch, 1);
        }
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
    private static void resume(LoopOptions c) throws IOException {
        if (!c.resume) {
            return;
        }
        Path last = c.out.resolve("state").resolve("last");
        if (TrainingState.locate(last) == null) { // last.old holds it when a save was cut between its renames
            throw new IllegalArgumentException("--resume: " + last + ": no saved training state to resume from");
        }
        TrainingState.verify(last); // a partial or corrupt file, named
    }

    /** Checks of {@code train image}'s own options, before the methods' options are bound. */
    static void image(TrainImageCommand c, Preset p) throws IOException {
        OptionChecks.imageData("--data", c.data);
        common(c.loop, p);
        nonNegative(p.origin("--lr", "lr", c.lr), p.number("lr", c.lr));
        nonNegative(p.origin("--weight-decay", "weight_decay", c.weightDecay), p.number("weight_decay", c.weightDecay));
        if (c.flags.alpha != null) {
            positive("--alpha", c.flags.alpha);
        }
        LearningRateSchedule.parse(p.text("schedule", c.schedule));
        ResNetClassifier.Architecture.parse(p.text("arch", c.arch));
        if (c.trainSize != null) {
            atLeast("--train-size", c.trainSize, 0);
        }
        if (c.testSize != null) {
            atLeast("--test-size", c.testSize, 0);
        }
        atLeast("--valid-size", c.validSize, 0);
        atLeast(p.origin("--pad-to", "pad_to", c.padTo), p.integer("pad_to", c.padTo), 0);
        atLeast(p.origin("--crop-padding", "crop_padding", c.cropPadding), p.integer("crop_padding", c.cropPadding), 0);
        p.bool("flip", c.flip);
        nonNegative(p.origin("--fgsm-eps", "fgsm_eps", c.fgsmEps), p.number("fgsm_eps", c.fgsmEps));
        puzzle(c.flags);
    }

    /** The bound methods' mixing stages within the architecture, then --resume and --out. */
    static void imageStages(TrainImageCommand c, Preset p, Object mainOptions, Object baseOptions) throws IOException {
        ResNetClassifier.Architecture arch = ResNetClassifier.Architecture.parse(p.text("arch", c.arch));
        for (Object options : java.util.Arrays.asList(mainOptions, baseOptions)) {
            JsonNode stages = options == null ? null : MethodOptions.toJson(options).get("mix_stages");
            if (stages != null && stages.isArray()) {
                int[] values = new int[stages.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = stages.get(i).asInt();
                }
                allIn("--mix-stages", values, 0, arch.widths().length, arch.name() + " has stages 0 (the input) to "
                        + arch.widths().length);
            }
        }
        resume(c.loop);
        OptionChecks.createDir("--out", c.loop.out);
    }

    /** PuzzleMix's options, named; then the settings record's own checks. */
    static void puzzle(ImageMethodFlags o) {
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
    }
}
