package io.mixkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.run.UnlabeledData;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodRegistry;
import io.mixkit.train.MethodSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line's share of a method's options: a flag of {@link TextMethodFlags} or
 * {@link ImageMethodFlags} sets the key of the same name ({@code --mix-layers} sets {@code mix_layers}),
 * {@code -O KEY=VALUE} any key; both only as given (a method's defaults stay in its options type).
 * The help's defaults come from the same place, through {@link Defaults}.
 */
final class MethodFlagLayers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MethodFlagLayers() {}

    /** @param option e.g. {@code --mix-layers} @return its key, e.g. {@code mix_layers} */
    static String key(String option) {
        return option.replaceFirst("^-+", "").replace('-', '_');
    }

    /**
     * @param parsed the parse result of the command
     * @param flags the flags class
     * @return the flags given, as option keys to values
     */
    static Map<String, JsonNode> given(ParseResult parsed, Class<?> flags) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.userObject() instanceof Field f && f.getDeclaringClass() == flags) {
                out.put(o.longestName(), JSON.valueToTree(o.getValue()));
            }
        }
        return out;
    }

    /**
     * @param kv the {@code -O} pairs
     * @return them as option keys (dots for nested keys) to JSON values; a value that is not JSON is a string
     */
    static Map<String, JsonNode> pairs(Map<String, String> kv) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        if (kv == null) {
            return out;
        }
        kv.forEach((k, v) -> {
            JsonNode n;
            try {
                n = JSON.readTree(v);
            } catch (JsonProcessingException e) {
                n = null;
            }
            out.put(k, n == null || n.isMissingNode() ? JSON.getNodeFactory().textNode(v) : n);
        });
        return out;
    }

    /**
     * The layers the command line adds to one method's options: the flags, then {@code -O}, each with the keys
     * the method has.
     *
     * @param spec the method
     * @param flags flags given (option name to value)
     * @param pairs {@code -O} pairs (key to value)
     * @return the layers
     */
    static List<MethodOptions.Layer> layers(MethodSpec<?, ?, ?> spec, Map<String, JsonNode> flags, Map<String, JsonNode> pairs) {
        List<MethodOptions.Layer> out = new ArrayList<>();
        ObjectNode f = JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        flags.forEach((option, v) -> {
            if (MethodOptions.has(spec, key(option))) {
                put(f, key(option), v);
                names.add(option);
            }
        });
        if (!names.isEmpty()) {
            out.add(new MethodOptions.Layer(String.join(", ", names), f));
        }
        ObjectNode o = JSON.createObjectNode();
        pairs.forEach((k, v) -> {
            if (MethodOptions.has(spec, k)) {
                put(o, k, v);
            }
        });
        if (o.size() > 0) {
            out.add(new MethodOptions.Layer("-O", o));
        }
        return out;
    }

    /**
     * The method's options: its defaults, the preset's sections, then the flags and {@code -O} pairs given.
     *
     * @param spec the method
     * @param p the preset
     * @param flags flags given
     * @param pairs {@code -O} pairs
     * @return the options record
     */
    static Object bind(MethodSpec<?, ?, ?> spec, Preset p, Map<String, JsonNode> flags, Map<String, JsonNode> pairs) {
        List<MethodOptions.Layer> all = new ArrayList<>(p.methodLayers(spec));
        all.addAll(layers(spec, flags, pairs));
        return MethodOptions.bind(spec, all);
    }

    /**
     * A flag or {@code -O} key that none of the run's methods has is an error (it would be ignored).
     *
     * @param specs the methods of the run (the main one and the baseline)
     * @param flags flags given
     * @param pairs {@code -O} pairs
     */
    static void checkUsed(List<? extends MethodSpec<?, ?, ?>> specs, Map<String, JsonNode> flags, Map<String, JsonNode> pairs) {
        String names = specs.stream().map(MethodSpec::name).distinct().collect(Collectors.joining(" or "));
        for (String option : flags.keySet()) {
            if (specs.stream().noneMatch(s -> MethodOptions.has(s, key(option)))) {
                throw new IllegalArgumentException(option + " is not an option of " + names + " (" + optionsOf(specs) + ")");
            }
        }
        for (String k : pairs.keySet()) {
            if (specs.stream().noneMatch(s -> MethodOptions.has(s, k))) {
                throw new IllegalArgumentException("-O " + k + ": not an option of " + names + " (" + optionsOf(specs) + ")");
            }
        }
    }

    private static String optionsOf(List<? extends MethodSpec<?, ?, ?>> specs) {
        List<String> parts = new ArrayList<>();
        for (MethodSpec<?, ?, ?> s : specs.stream().distinct().toList()) {
            List<String> keys = MethodOptions.keys(s);
            parts.add("options of " + s.name() + ": " + (keys.isEmpty() ? "none" : String.join(", ", keys)));
        }
        return String.join("; ", parts);
    }

    private static void put(ObjectNode into, String dotted, JsonNode v) {
        String[] parts = dotted.split("\\.");
        ObjectNode n = into;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.has(parts[i]) && n.get(parts[i]).isObject() ? (ObjectNode) n.get(parts[i]) : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], v);
    }

    /**
     * Help defaults ({@code ${DEFAULT-VALUE}}) from the one place they are written: a method flag's default is the
     * value every method with that key has (none when they differ, e.g. image alpha); the unlabeled options'
     * from {@link UnlabeledData#defaults()}.
     */
    static final class Defaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o) || !(arg.userObject() instanceof Field f)) {
                return null;
            }
            Class<?> c = f.getDeclaringClass();
            if (c == TextMethodFlags.class) {
                return shared(TextMethods.REGISTRY, key(o.longestName()));
            }
            if (c == ImageMethodFlags.class) {
                return shared(ImageMethods.REGISTRY, key(o.longestName()));
            }
            if (c == UnlabeledOptions.class) {
                return text(MethodOptions.toJson(UnlabeledData.defaults()).get(key(o.longestName())));
            }
            return null;
        }

        private static String shared(MethodRegistry<?, ?> registry, String key) {
            String value = null;
            for (MethodSpec<?, ?, ?> s : registry.all()) {
                if (!MethodOptions.has(s, key)) {
                    continue;
                }
                String v = text(MethodOptions.toJson(s.defaults()).get(key));
                if (v == null || (value != null && !value.equals(v))) {
                    return null;
                }
                value = v;
            }
            return value;
        }

        private static String text(JsonNode n) {
            if (n == null || n.isNull()) {
                return null;
            }
            if (n.isArray()) {
                List<String> parts = new ArrayList<>();
                for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
                    parts.add(it.next().asText());
                }
                return String.join(",", parts);
            }
            return n.asText();
        }
    }
}
