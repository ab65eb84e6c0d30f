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
     * Reads and checks {@code mixkit.json} without loading any weights: a JSON object of format
     * {@code mixkit-text-classifier} with at least 2 labels, an integer {@code max_length} of at least
     * 2 if given, and a known pooling.
     *
     * @param dir a directory written by {@link #save}
     * @return mixkit.json
     * @throws IOException naming the file and what is wrong
     */
    public static JsonNode info(Path dir) throws IOException {
        Path info = dir.resolve("mixkit.json");
        if (!Files.isRegularFile(info)) {
            throw new IOException(dir + ": not a MixKit checkpoint (no mixkit.json)");
        }
        JsonNode n;
        try {
            n = JSON.readTree(info.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(info + ": not readable JSON (" + e.getOriginalMessage().split("\n")[0] + ")", e);
        }
        if (n == null || !n.isObject()) {
            throw new IOException(info + ": expected a JSON object");
        }
        if (!n.path("format").asText().equals("mixkit-text-classifier")) {
            throw new IOException(info + ": format " + n.get("format") + " is not \"mixkit-text-classifier\"");
        }
        JsonNode labels = n.path("labels");
        if (!labels.isArray() || labels.size() < 2) {
            throw new IOException(info + ": 'labels' must list at least 2 classes");
        }
        if (n.has("max_length") && (!n.get("max_length").isInt() || n.get("max_length").asInt() < 2)) {
            throw new IOException(info + ": 'max_length' must be an integer of at least 2, got " + n.get("max_length"));
        }
        Pooling.parse(n.path("pooling").asText("mean"));
        return n;
    }

    /**
     * @param dir a directory written by {@link #save}
     * @return the classifier, ready for prediction
     * @throws IOException naming what is missing
     */
    public static Loaded load(Path dir) throws IOException {
        JsonNode n = info(dir);
        List<String> names = new ArrayList<>();
        n.path("labels").forEach(l -> names.add(l.asText()));
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
