package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.text.BertConfig;
import io.mixkit.text.ModelCatalogue;
import io.mixkit.text.TextCheckpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks of option values, run right after parsing and before any model loads. Each throws an
 * {@link IllegalArgumentException} whose message names the option (as given: {@code --alpha}, or
 * {@code --alpha (preset NAME, key "alpha")} when the value came from a preset) and what was expected;
 * {@link MixKitCli} prints it as one line.
 */
final class OptionChecks {

    private OptionChecks() {}

    private static IllegalArgumentException bad(String option, String expected, Object got) {
        return new IllegalArgumentException(option + " must be " + expected + ", got " + got);
    }

    /** @return v, if it is a finite number above 0 */
    static double positive(String option, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw bad(option, "positive", v);
        }
        return v;
    }

    /** @return v, if it is a finite number of at least 0 */
    static double nonNegative(String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw bad(option, ">= 0", v);
        }
        return v;
    }

    /** @return v, if it lies in [0, 1] */
    static double inUnitInterval(String option, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw bad(option, "in [0, 1]", v);
        }
        return v;
    }

    /** @return v, if it is at least min */
    static long atLeast(String option, long v, long min) {
        if (v < min) {
            throw bad(option, "at least " + min, v);
        }
        return v;
    }

    /** @return v, if it is one of the choices */
    static String oneOf(String option, String v, List<String> choices) {
        if (!choices.contains(v)) {
            throw bad(option, "one of " + String.join(", ", choices), v);
        }
        return v;
    }

    /**
     * @param option the option
     * @param values the values given
     * @param lo the least allowed
     * @param hi the greatest allowed
     * @param why what the range is, for the message ("minilm-l6 has 6 layers; 0 = the embeddings")
     * @return the values, if none is empty or outside lo..hi
     */
    static int[] allIn(String option, int[] values, int lo, int hi, String why) {
        if (values.length == 0) {
            throw new IllegalArgumentException(option + " must list at least one value");
        }
        for (int v : values) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(option + " " + join(values) + ": " + v + " is outside "
                        + lo + ".." + hi + " (" + why + ")");
            }
        }
        return values;
    }

    static String join(int[] values) {
        return String.join(",", Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    /** @return p, if it is a readable file (empty or not) */
    static Path readableFile(String option, Path p) {
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + p + ": is a folder, expected a file");
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException(option + " " + p + ": no such file");
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(option + " " + p + ": the file is not readable");
        }
        return p;
    }

    /** @return p, if it is a file that is not empty */
    static Path existingFile(String option, Path p) {
        readableFile(option, p);
        try {
            if (Files.size(p) == 0) {
                throw new IllegalArgumentException(option + " " + p + ": the file is empty");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + p + ": cannot read the file (" + e.getMessage() + ")");
        }
        return p;
    }

    /** @return p, if it is a folder */
    static Path existingDir(String option, Path p) {
        if (Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + p + ": is a file, expected a folder");
        }
        if (!Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + p + ": no such folder");
        }
        return p;
    }

    /** @return p, if it is a folder that can be written, or can be created as one */
    static Path writableDir(String option, Path p) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + p + ": is a file, expected a folder");
        }
        creatable(option, p);
        return p;
    }

    /** @return p, if it is a file that can be written (or created): not a folder, under a writable folder */
    static Path writableFile(String option, Path p) {
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(option + " " + p + ": is a folder, expected a file name");
        }
        if (Files.exists(p) && !Files.isWritable(p)) {
            throw new IllegalArgumentException(option + " " + p + ": the file is not writable");
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            creatable(option, parent);
        }
        return p;
    }

    /**
     * Creates an output folder (as the command would next), naming the option when that fails: the
     * last check, so that no folder is left behind by a bad option.
     */
    static void createDir(String option, Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            throw new IllegalArgumentException(option + " " + p + ": cannot create the folder (" + why + ")");
        }
    }

    /** The nearest existing folder at or above p must be a writable folder. */
    private static void creatable(String option, Path p) {
        Path q = p.toAbsolutePath().normalize();
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        if (q == null) {
            return;
        }
        if (!Files.isDirectory(q)) {
            throw new IllegalArgumentException(option + " " + p + ": " + q + " is a file, not a folder");
        }
        if (!Files.isWritable(q)) {
            throw new IllegalArgumentException(option + " " + p + ": the folder " + q + " is not writable");
        }
    }

    /**
     * What can be known of a text model without loading its weights.
     *
     * @param layers encoder layers
     * @param maxPositions longest input in tokens
     */
    record ModelShape(int layers, int maxPositions) {}

    /**
     * Checks that a model name or path could be loaded and reads its depth from config.json or the
     * catalogue, without opening the weights.
     *
     * @param option the option ({@code --model})
     * @param model the value
     * @return the shape, or null when only the weights would tell (a folder or file without config.json)
     * @throws IOException if config.json exists but is unreadable (naming it)
     */
    static ModelShape model(String option, String model) throws IOException {
        Path p = Path.of(model);
        if (Files.exists(p)) {
            Path dir = Files.isDirectory(p) ? p : p.toAbsolutePath().getParent();
            Path config = dir.resolve("config.json");
            if (Files.isRegularFile(config)) {
                BertConfig c = BertConfig.read(config);
                return new ModelShape(c.numLayers(), c.maxPositions());
            }
            return null;
        }
        ModelCatalogue.Entry e = ModelCatalogue.find(model).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + model + "' for " + option + ": no such file or directory, and not a catalogue name ("
                        + ModelCatalogue.names() + ")"));
        return e.layers() > 0 && e.maxPositions() > 0 ? new ModelShape(e.layers(), e.maxPositions()) : null;
    }

    /**
     * TMix/MixText layers within the encoder's depth: 0 (the embeddings) to L.
     *
     * @param option the option naming where the layers came from
     * @param layers the layers
     * @param model the model's name, for the message
     * @param depth its number of layers
     */
    static void mixLayers(String option, int[] layers, String model, int depth) {
        allIn(option, layers, 0, depth, model + " has " + depth + " layers; 0 = the embeddings");
    }

    /**
     * @param option the option naming where the length came from
     * @param maxLength tokens per text
     * @param model the model's name, for the message
     * @param maxPositions the model's position table size (0 = unknown)
     */
    static void maxLength(String option, int maxLength, String model, int maxPositions) {
        atLeast(option, maxLength, 2);
        if (maxPositions > 0 && maxLength > maxPositions) {
            throw new IllegalArgumentException(option + " " + maxLength + " is longer than " + model + " can read ("
                    + maxPositions + " positions)");
        }
    }

    /**
     * {@code --data} of the image commands: a built-in name or a folder (its IDX files and images
     * are read, and checked, before any model is built).
     */
    static void imageData(String option, String data) {
        if (data == null || data.equals(ImageDatasets.EMBEDDED) || data.equals("fashion-mnist")) {
            return;
        }
        Path p = Path.of(data);
        if (Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + data + ": is a file, expected fashion-mnist, "
                    + ImageDatasets.EMBEDDED + ", a folder of IDX files, or a folder with train/ and test/ image folders");
        }
    }

    private static void weights(String option, Path dir) {
        existingFile(option, dir.resolve("model.safetensors"));
    }

    /**
     * A text checkpoint written by train: the folder, mixkit.json (format, labels, max_length,
     * pooling), config.json and the weight file, read without loading the weights.
     *
     * @return mixkit.json
     */
    static JsonNode textCheckpoint(String option, Path dir) throws IOException {
        existingDir(option, dir);
        Path info = dir.resolve("mixkit.json");
        if (!Files.isRegularFile(info)) {
            String hint = Files.isDirectory(dir.resolve("checkpoint")) ? "; pass " + dir.resolve("checkpoint") : "";
            throw new IllegalArgumentException(option + " " + dir + ": not a MixKit checkpoint (no mixkit.json" + hint + ")");
        }
        JsonNode n = TextCheckpoint.info(dir); // the checks load() makes, without the weights
        if (Files.isRegularFile(dir.resolve("config.json"))) {
            BertConfig.read(dir.resolve("config.json"));
        }
        weights(option, dir);
        return n;
    }

    /**
     * An image checkpoint (or a run folder holding checkpoint/): config.json (arch, channels, side,
     * classes, mean, std) and the weight file, read without building the model.
     *
     * @return config.json
     */
    static JsonNode imageCheckpoint(String option, Path dir) throws IOException {
        existingDir(option, dir);
        if (!Files.isRegularFile(ImageCheckpoint.folder(dir).resolve("config.json"))) {
            throw new IllegalArgumentException(option + " " + dir
                    + ": not an image checkpoint (no config.json; expected a run folder or its checkpoint/)");
        }
        JsonNode c = ImageCheckpoint.info(dir); // the checks load() makes, without building the model
        weights(option, ImageCheckpoint.folder(dir));
        return c;
    }
}
