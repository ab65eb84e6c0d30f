package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    private Preset(String name, JsonNode values, JsonNode defaults) {
        this.name = name;
        this.values = values;
        this.defaults = defaults;
    }

    static Preset load(String nameOrFile) throws IOException {
        return load(nameOrFile, "default");
    }

    /**
     * @param nameOrFile a built-in name or a .json file
     * @param fallback the built-in preset that supplies missing keys ({@code default} for text, {@code image})
     * @return the preset
     * @throws IOException if it cannot be read
     */
    static Preset load(String nameOrFile, String fallback) throws IOException {
        JsonNode defaults = builtIn(fallback);
        Path p = Path.of(nameOrFile);
        if (nameOrFile.endsWith(".json") && Files.isRegularFile(p)) {
            try {
                return new Preset(nameOrFile, JSON.readTree(p.toFile()), defaults);
            } catch (IOException e) {
                throw new IOException(p + ": not a readable preset (" + e.getMessage().split("\n")[0] + ")", e);
            }
        }
        if (!BUILT_IN.contains(nameOrFile)) {
            throw new IllegalArgumentException("unknown preset '" + nameOrFile + "'; built in: "
                    + String.join(", ", BUILT_IN) + " (or a .json file)");
        }
        return new Preset(nameOrFile, builtIn(nameOrFile), defaults);
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

    String text(String key, String cli) {
        return cli != null ? cli : get(key) == null ? null : get(key).asText();
    }

    int integer(String key, Integer cli) {
        return cli != null ? cli : need(key).asInt();
    }

    double number(String key, Double cli) {
        return cli != null ? cli : need(key).asDouble();
    }

    boolean bool(String key, Boolean cli) {
        return cli != null ? cli : need(key).asBoolean();
    }

    int[] ints(String key, int[] cli) {
        if (cli != null) {
            return cli;
        }
        JsonNode v = get(key);
        if (v == null || !v.isArray()) {
            return null;
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
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
