package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A named bundle of training settings (JSON, in the jar under {@code mixkit/presets/} or a file
 * path). Command-line options override a preset's values; a preset's missing keys fall back to
 * {@code default}.
 */
final class Preset {

    static final List<String> BUILT_IN = List.of("default", "quickstart", "few-shot", "tmix-paper", "mixtext-paper", "image", "image-quick", "image-paper");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final JsonNode values;
    private final JsonNode defaults;
    private final String fallback;

    private Preset(String name, JsonNode values, JsonNode defaults, String fallback) {
        this.name = name;
        this.values = values;
        this.defaults = defaults;
        this.fallback = fallback;
    }

    static Preset load(String nameOrFile) throws IOException {
        return load(nameOrFile, "default");
    }

    /** The keys each task reads from a preset (with {@code description}). */
    static final Map<String, List<String>> KEYS = Map.of(
            "default", List.of("description", "method", "epochs", "batch_size", "lr_encoder", "lr_head", "weight_decay",
                    "schedule", "warmup", "max_grad_norm", "alpha", "fold", "mix_layers", "max_length", "pooling",
                    "ssmix_window", "patience"),
            "image", List.of("description", "method", "arch", "optimizer", "epochs", "batch_size", "lr", "weight_decay",
                    "schedule", "warmup", "max_grad_norm", "pad_to", "crop_padding", "flip", "fgsm_eps"));

    /**
     * @param nameOrFile a built-in name or a .json file
     * @param fallback the built-in preset that supplies missing keys ({@code default} for text, {@code image})
     * @return the preset
     * @throws IOException if it cannot be read
     */
    static Preset load(String nameOrFile, String fallback) throws IOException {
        JsonNode defaults = builtIn(fallback);
        Path p = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".json") || Files.exists(p)) {
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException("--preset " + nameOrFile + ": is a folder, expected a .json file");
            }
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--preset " + nameOrFile + ": no such file (built in: "
                        + String.join(", ", BUILT_IN) + ")");
            }
            JsonNode values;
            try {
                values = JSON.readTree(p.toFile());
            } catch (IOException e) {
                throw new IOException(p + ": not a readable preset (" + e.getMessage().split("\n")[0] + ")", e);
            }
            if (values == null || !values.isObject()) {
                throw new IllegalArgumentException(p + ": not a preset (expected a JSON object of settings, e.g. {\"alpha\": 0.4})");
            }
            List<String> known = KEYS.getOrDefault(fallback, List.of());
            for (var it = values.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.isEmpty() && !known.contains(key)) {
                    throw new IllegalArgumentException(p + ": unknown preset key '" + key + "' for --task "
                            + (fallback.equals("image") ? "image" : "text") + " (known: " + String.join(", ", known) + ")");
                }
            }
            return new Preset(nameOrFile, values, defaults, fallback);
        }
        if (!BUILT_IN.contains(nameOrFile)) {
            throw new IllegalArgumentException("unknown preset '" + nameOrFile + "'; built in: "
                    + String.join(", ", BUILT_IN) + " (or a .json file)");
        }
        return new Preset(nameOrFile, builtIn(nameOrFile), defaults, fallback);
    }

    static JsonNode builtIn(String name) throws IOException {
        try (InputStream in = Preset.class.getResourceAsStream("/mixkit/presets/" + name + ".json")) {
            if (in == null) {
                throw new IOException("preset resource " + name + ".json is missing from the build");
            }
            return JSON.readTree(in);
        }
    }

    String name() {
        return name;
    }

    JsonNode get(String key) {
        JsonNode v = values.get(key);
        return v != null ? v : defaults.get(key);
    }

    /**
     * Names where a resolved value came from, for messages: the option when it was given, else the
     * option with the preset (this one, or the fallback that supplied the key) and its key.
     *
     * @param option the command-line option, or null for a key that only presets set
     * @param key the preset key
     * @param cli the option's value, or null if it was not given
     * @return e.g. {@code --alpha} or {@code --alpha (preset tmix-paper, key "alpha")}
     */
    String origin(String option, String key, Object cli) {
        if (cli != null) {
            return option;
        }
        String preset = "preset " + (values.has(key) ? name : fallback) + ", key \"" + key + "\"";
        return option == null ? preset : option + " (" + preset + ")";
    }

    private IllegalArgumentException wrongType(String key, String expected, JsonNode v) {
        return new IllegalArgumentException("preset " + (values.has(key) ? name : fallback) + ": key \"" + key
                + "\" must be " + expected + ", got " + v);
    }

    String text(String key, String cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = get(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw wrongType(key, "a string", v);
        }
        return v.asText();
    }

    int integer(String key, Integer cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = need(key);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw wrongType(key, "an integer", v);
        }
        return v.asInt();
    }

    double number(String key, Double cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = need(key);
        if (!v.isNumber()) {
            throw wrongType(key, "a number", v);
        }
        return v.asDouble();
    }

    boolean bool(String key, Boolean cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = need(key);
        if (!v.isBoolean()) {
            throw wrongType(key, "true or false", v);
        }
        return v.asBoolean();
    }

    int[] ints(String key, int[] cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(key, "a list of integers", v);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isIntegralNumber() || !v.get(i).canConvertToInt()) {
                throw wrongType(key, "a list of integers", v);
            }
            out[i] = v.get(i).asInt();
        }
        return out;
    }

    private JsonNode need(String key) {
        JsonNode v = get(key);
        if (v == null) {
            throw new IllegalArgumentException("preset '" + name + "' has no value for '" + key + "'");
        }
        return v;
    }

    String description() {
        JsonNode d = values.get("description");
        return d == null ? "" : d.asText();
    }
}
