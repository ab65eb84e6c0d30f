package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodRegistry;
import io.mixkit.train.MethodSpec;

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

    static final List<String> BUILT_IN = List.of("default", "quickstart", "few-shot", "tmix-paper", "mixtext-paper", "mixtext-few-label", "image", "image-quick", "image-paper");
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
            "default", List.of("description", "method", "model", "precision", "epochs", "max_steps", "batch_size", "lr_encoder", "lr_head", "weight_decay",
                    "schedule", "warmup", "max_grad_norm", "max_length", "pooling", "patience", "length_buckets", "mix", "methods"),
            "image", List.of("description", "method", "arch", "optimizer", "epochs", "batch_size", "lr", "weight_decay",
                    "schedule", "warmup", "max_grad_norm", "pad_to", "crop_padding", "flip", "fgsm_eps", "mix", "methods"));

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
                throw new IllegalArgumentException(p + ": not a preset (expected a JSON object of settings, e.g. {\"epochs\": 3})");
            }
            List<String> known = KEYS.getOrDefault(fallback, List.of());
            for (var it = values.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.isEmpty() && !known.contains(key)) {
                    throw new IllegalArgumentException(p + ": unknown preset key '" + key + "' for train "
                            + (fallback.equals("image") ? "image" : "text") + " (known: " + String.join(", ", known)
                            + "; a method's options go under \"mix\" (every method that has them) or \"methods\": {\"NAME\": {...}})");
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

    /**
     * @param key a preset key
     * @return whether this preset itself sets it (not its fallback, and not the fallback preset itself)
     */
    boolean setsOwn(String key) {
        return values.has(key) && !name.equals(fallback);
    }

    /**
     * @param key the preset key
     * @param cli the option's value, or null
     * @return the option's value, else the preset's, else null (a value the schedule rule chooses)
     */
    Integer optionalInteger(String key, Integer cli) {
        if (cli != null || get(key) == null) {
            return cli;
        }
        return integer(key, null);
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

    /**
     * The preset's sections for method options must name registered methods and keys some method has.
     *
     * @param registry the task's methods
     */
    void checkMethodSections(MethodRegistry<?, ?> registry) {
        JsonNode mix = values.get("mix");
        if (mix != null) {
            if (!mix.isObject()) {
                throw wrongType("mix", "an object of method options, e.g. {\"alpha\": 16}", mix);
            }
            for (var it = mix.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (registry.all().stream().noneMatch(s -> MethodOptions.has(s, key) || hasGroup(s, key))) {
                    throw new IllegalArgumentException("preset " + name + ": key \"mix\": '" + key
                            + "' is not an option of any method");
                }
            }
        }
        JsonNode methods = values.get("methods");
        if (methods != null) {
            if (!methods.isObject()) {
                throw wrongType("methods", "an object of method names to their options", methods);
            }
            for (var it = methods.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!registry.contains(e.getKey())) {
                    throw new IllegalArgumentException("preset " + name + ": key \"methods\": " + e.getKey()
                            + " is not a method (expected " + String.join(", ", registry.names()) + ")");
                }
                if (!e.getValue().isObject()) {
                    throw wrongType("methods." + e.getKey(), "an object of its options", e.getValue());
                }
            }
        }
    }

    /**
     * @param spec a method
     * @return this preset's layers of its options: {@code "mix"} (the keys it has), then {@code "methods": {NAME}}
     */
    List<MethodOptions.Layer> methodLayers(MethodSpec<?, ?, ?> spec) {
        List<MethodOptions.Layer> out = new java.util.ArrayList<>();
        JsonNode mix = values.get("mix");
        if (mix != null && mix.isObject()) {
            ObjectNode own = MethodOptions.object();
            mix.fields().forEachRemaining(e -> {
                if (MethodOptions.has(spec, e.getKey()) || hasGroup(spec, e.getKey())) {
                    own.set(e.getKey(), e.getValue());
                }
            });
            if (own.size() > 0) {
                out.add(new MethodOptions.Layer("preset " + name + ", key \"mix\"", own));
            }
        }
        JsonNode methods = values.get("methods");
        if (methods != null && methods.has(spec.name()) && methods.get(spec.name()).isObject()) {
            out.add(new MethodOptions.Layer("preset " + name + ", key \"methods." + spec.name() + "\"",
                    (ObjectNode) methods.get(spec.name())));
        }
        return out;
    }

    private static boolean hasGroup(MethodSpec<?, ?, ?> spec, String key) {
        return MethodOptions.keys(spec).stream().anyMatch(k -> k.startsWith(key + "."));
    }

    String description() {
        JsonNode d = values.get("description");
        return d == null ? "" : d.asText();
    }
}
