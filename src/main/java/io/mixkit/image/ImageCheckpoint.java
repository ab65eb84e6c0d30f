package io.mixkit.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.train.TrainingState;
import io.mixkit.train.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A trained image classifier on disk: {@code model.safetensors} (parameters and BatchNorm statistics,
 * by name) and {@code config.json} (architecture, input geometry, normalisation, class names).
 */
public final class ImageCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageCheckpoint() {}

    /**
     * A loaded checkpoint.
     *
     * @param model the classifier (close it)
     * @param classes class names by index
     * @param side the image side it was trained on
     */
    public record Loaded(ResNetClassifier model, List<String> classes, int side) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * @param dir destination folder
     * @param model the classifier
     * @param classes class names
     * @param side image side
     * @param mean per-channel mean used for normalisation
     * @param std per-channel standard deviation
     * @param facts extra entries for config.json (method, seed)
     * @throws IOException if it cannot be written
     */
    public static void save(Path dir, ResNetClassifier model, List<String> classes, int side, float[] mean, float[] std,
                            Map<String, Object> facts) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), model.state(), Map.of("format", "pt"));
        ObjectNode c = JSON.createObjectNode();
        c.put("arch", model.architecture().name());
        c.put("channels", model.channels());
        c.put("side", side);
        c.set("classes", JSON.valueToTree(classes));
        c.set("mean", JSON.valueToTree(mean));
        c.set("std", JSON.valueToTree(std));
        facts.forEach((k, v) -> c.set(k, JSON.valueToTree(v)));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);
    }

    /**
     * @param dir a folder
     * @return whether it is an image checkpoint (or a run folder holding one)
     */
    public static boolean isImageCheckpoint(Path dir) {
        for (Path c : new Path[] {dir.resolve("config.json"), dir.resolve("checkpoint/config.json")}) {
            try {
                if (Files.isRegularFile(c) && JSON.readTree(c.toFile()).has("arch")) {
                    return true;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    /** @param dir a checkpoint folder, or a run folder holding {@code checkpoint/} @return the checkpoint folder */
    public static Path folder(Path dir) {
        return Files.isRegularFile(dir.resolve("checkpoint/config.json")) ? dir.resolve("checkpoint") : dir;
    }

    /**
     * Reads and checks {@code config.json} without building the model: a known {@code arch}, positive
     * {@code channels} and {@code side}, at least 2 classes, one mean and one std per channel.
     *
     * @param dir a checkpoint folder, or a run folder holding {@code checkpoint/}
     * @return config.json
     * @throws IOException naming the file and what is wrong
     */
    public static JsonNode info(Path dir) throws IOException {
        Path config = folder(dir).resolve("config.json");
        if (!Files.isRegularFile(config)) {
            throw new IOException(dir + ": not an image checkpoint (no config.json; expected a run folder or its checkpoint/)");
        }
        JsonNode c;
        try {
            c = JSON.readTree(config.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(config + ": not readable JSON (" + e.getOriginalMessage().split("\n")[0] + ")", e);
        }
        if (c == null || !c.isObject()) {
            throw new IOException(config + ": expected a JSON object");
        }
        if (!c.has("arch")) {
            throw new IOException(config + ": no 'arch': not an image checkpoint");
        }
        ResNetClassifier.Architecture.parse(c.path("arch").asText());
        for (String key : new String[] {"channels", "side"}) {
            if (!c.path(key).isInt() || c.path(key).asInt() < 1) {
                throw new IOException(config + ": '" + key + "' must be a positive integer, got " + c.get(key));
            }
        }
        if (!c.path("classes").isArray() || c.path("classes").size() < 2) {
            throw new IOException(config + ": 'classes' must list at least 2 classes");
        }
        int channels = c.path("channels").asInt();
        for (String key : new String[] {"mean", "std"}) {
            if (!c.path(key).isArray() || c.path(key).size() != channels) {
                throw new IOException(config + ": '" + key + "' must hold one number per channel (" + channels + "), got "
                        + c.get(key));
            }
        }
        return c;
    }

    /**
     * @param dir a checkpoint folder, or a run folder holding {@code checkpoint/}
     * @return the classifier with its trained state
     * @throws IOException naming the file that is missing or does not fit
     */
    public static Loaded load(Path dir) throws IOException {
        Path d = folder(dir);
        JsonNode c = info(dir);
        List<String> classes = new ArrayList<>();
        c.path("classes").forEach(n -> classes.add(n.asText()));
        int channels = c.path("channels").asInt();
        float[] mean = floats(c.path("mean"));
        float[] std = floats(c.path("std"));
        ResNetClassifier model = new ResNetClassifier(ResNetClassifier.Architecture.parse(c.path("arch").asText()), channels,
                classes.size(), mean, std, 0);
        try {
            TrainingState.loadInto(d.resolve("model.safetensors"), model.state());
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return new Loaded(model, classes, c.path("side").asInt());
    }

    private static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }
}
