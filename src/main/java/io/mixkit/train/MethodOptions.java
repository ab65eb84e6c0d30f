package io.mixkit.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A method's options as JSON: the record's components in {@code snake_case}. Binding starts from the
 * method's defaults and applies layers of overrides in order (a preset's sections, then the command
 * line); a key the method does not have, a value of the wrong type or out of range is an error naming
 * where it came from.
 */
public final class MethodOptions {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // 1 is not true, "2" is not 2
            .build();

    private MethodOptions() {}

    /**
     * One layer of overrides.
     *
     * @param where where they come from, for messages (e.g. {@code preset few-shot, "mix"})
     * @param values option keys to values; nested options by a JSON object
     */
    public record Layer(String where, ObjectNode values) {}

    /**
     * @param options an options record
     * @return its keys and values
     */
    public static ObjectNode toJson(Object options) {
        return JSON.valueToTree(options);
    }

    /** @return an empty object for building a layer */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /**
     * @param spec the method
     * @return its option keys, nested ones with a dot (e.g. {@code energy.beta})
     */
    public static List<String> keys(MethodSpec<?, ?, ?> spec) {
        List<String> out = new ArrayList<>();
        collectKeys("", toJson(spec.defaults()), out);
        return out;
    }

    private static void collectKeys(String prefix, JsonNode n, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                collectKeys(prefix + e.getKey() + ".", e.getValue(), out);
            } else {
                out.add(prefix + e.getKey());
            }
        }
    }

    /**
     * The keys of {@code values} that the method has (a preset's {@code "mix"} section, shared by every method).
     *
     * @param spec the method
     * @param where where the values come from
     * @param values option keys to values
     * @return the layer of those the method has
     */
    public static Layer shared(MethodSpec<?, ?, ?> spec, String where, ObjectNode values) {
        ObjectNode own = object();
        values.fields().forEachRemaining(e -> {
            if (has(spec, e.getKey()) || keys(spec).stream().anyMatch(k -> k.startsWith(e.getKey() + "."))) {
                own.set(e.getKey(), e.getValue());
            }
        });
        return new Layer(where, own);
    }

    /**
     * @param spec the method
     * @param key an option key, nested with a dot
     * @return whether the method has it
     */
    public static boolean has(MethodSpec<?, ?, ?> spec, String key) {
        return keys(spec).contains(key);
    }

    /**
     * The method's defaults with the layers applied in order, each checked against the method's keys.
     *
     * @param spec the method
     * @param layers overrides, the later winning
     * @return the options record
     * @throws IllegalArgumentException for an unknown key, a wrong type or a value the record rejects
     */
    public static Object bind(MethodSpec<?, ?, ?> spec, List<Layer> layers) {
        ObjectNode merged = toJson(spec.defaults());
        List<String> known = keys(spec);
        String where = "the defaults";
        for (Layer l : layers) {
            checkKeys(spec, "", l.values(), known, l.where());
            deepMerge(merged, l.values());
            where = l.where();
        }
        try {
            return JSON.treeToValue(merged, spec.optionsType());
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException(spec.name() + ": " + c.getMessage() + describe(layers), c);
        } catch (JsonMappingException e) {
            String path = path(e);
            throw new IllegalArgumentException(spec.name() + ": option " + path + " " + origin(layers, path)
                    + " must be " + article(componentType(spec.optionsType(), path)) + ", got " + valueAt(merged, path), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(spec.name() + ": options from " + where + " are not valid: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void checkKeys(MethodSpec<?, ?, ?> spec, String prefix, JsonNode values, List<String> known, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            boolean group = known.stream().anyMatch(k -> k.startsWith(key + "."));
            if (group && e.getValue().isObject()) {
                checkKeys(spec, key + ".", e.getValue(), known, where);
            } else if (!known.contains(key)) {
                throw new IllegalArgumentException(where + ": '" + key + "' is not an option of " + spec.name()
                        + " (its options: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
    }

    private static void deepMerge(ObjectNode into, JsonNode from) {
        for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = into.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                deepMerge((ObjectNode) old, e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }

    /** The Java type of the record component at a (dotted) key, e.g. {@code int[]} for {@code mix_layers}. */
    private static String componentType(Class<?> type, String path) {
        Class<?> t = type;
        for (String part : path.split("\\.")) {
            Class<?> found = null;
            for (RecordComponent c : t.getRecordComponents() == null ? new RecordComponent[0] : t.getRecordComponents()) {
                if (PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(c.getName()).equals(part)) {
                    found = c.getType();
                }
            }
            if (found == null) {
                return "of another type";
            }
            t = found;
        }
        return t.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
        }
        return b.toString();
    }

    private static String origin(List<Layer> layers, String path) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            JsonNode n = layers.get(i).values();
            for (String part : path.split("\\.")) {
                n = n == null ? null : n.get(part);
            }
            if (n != null) {
                return "(from " + layers.get(i).where() + ")";
            }
        }
        return "(its default)";
    }

    private static JsonNode valueAt(JsonNode n, String path) {
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static String article(String type) {
        return switch (type) {
            case "int", "Integer", "long", "Long" -> "an integer";
            case "double", "Double", "float", "Float" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "int[]" -> "a list of integers";
            case "String" -> "a string";
            case "of another type" -> type;
            default -> "of type " + type;
        };
    }

    private static String describe(List<Layer> layers) {
        List<String> w = new ArrayList<>();
        layers.forEach(l -> w.add(l.where()));
        return w.isEmpty() ? " (its defaults)" : " (from " + String.join("; ", w) + ")";
    }
}
