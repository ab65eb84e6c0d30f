package io.mixkit.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.text.data.LabelVocabulary;
import io.mixkit.train.TrainingState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned text classifier on disk, self-contained: a Hugging Face directory ({@code config.json},
 * {@code model.safetensors} with the encoder and {@code classifier.*}, {@code tokenizer.json}) plus
 * {@code mixkit.json} (labels, pooling, maximum length, how it was trained).
 */
public final class TextCheckpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A loaded checkpoint.
     *
     * @param model the encoder and tokenizer (owns the native memory)
     * @param classifier the classifier on top
     * @param labels class names
     * @param maxLength tokens per text used in training
     * @param info the whole of mixkit.json
     */
    public record Loaded(TextModel model, TextClassifier classifier, LabelVocabulary labels, int maxLength,
                         JsonNode info) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private TextCheckpoint() {}

    /**
     * @param dir destination
     * @param model the encoder and tokenizer
     * @param classifier the classifier (its head is saved with the encoder)
     * @param labels class names
     * @param maxLength tokens per text
     * @param extra further facts for mixkit.json (method, base model, seed, ...)
     * @throws IOException if it cannot be written
     */
    public static void save(Path dir, TextModel model, TextClassifier classifier, LabelVocabulary labels,
                            int maxLength, Map<String, Object> extra) throws IOException {
        model.save(dir);
        ObjectNode n = JSON.createObjectNode();
        n.put("format", "mixkit-text-classifier");
        n.put("pooling", classifier.pooling().name().toLowerCase(java.util.Locale.ROOT));
        n.put("max_length", maxLength);
        var arr = n.putArray("labels");
        labels.names().forEach(arr::add);
        extra.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("mixkit.json").toFile(), n);
    }

    /**
     * @param dir a directory written by {@link #save}
     * @return the classifier, ready for prediction
     * @throws IOException naming what is missing
     */
    public static Loaded load(Path dir) throws IOException {
        Path info = dir.resolve("mixkit.json");
        if (!Files.isRegularFile(info)) {
            throw new IOException(dir + ": not a MixKit checkpoint (no mixkit.json)");
        }
        JsonNode n = JSON.readTree(info.toFile());
        List<String> names = new ArrayList<>();
        n.path("labels").forEach(l -> names.add(l.asText()));
        if (names.size() < 2) {
            throw new IOException(info + ": 'labels' must list at least 2 classes");
        }
        TextModel model = TextModel.load(dir.toString(), false);
        try {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.parse(n.path("pooling").asText("mean")),
                    names.size());
            TrainingState.loadInto(dir.resolve("model.safetensors"), Map.of(
                    "classifier.weight", c.parameters().get("classifier.weight"),
                    "classifier.bias", c.parameters().get("classifier.bias")));
            return new Loaded(model, c, new LabelVocabulary(names), n.path("max_length").asInt(256), n);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }
}
