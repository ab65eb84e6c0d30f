package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.mix.Scalars;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON lines {@code predict} and {@code embed} write, one per text, for one batch: shared by the
 * single-process commands and the Spark jobs, so both write the same rows; and the Spark guess job's.
 */
public final class OutputLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OutputLines() {}

    /**
     * @param c a loaded classifier
     * @param texts one batch
     * @return {@code {"text", "label", "probabilities": {class: p}, "truncated"?}} per text
     */
    public static List<String> predictions(TextCheckpoint.Loaded c, List<String> texts) {
        List<String> lines = new ArrayList<>();
        EncodedBatch b = c.model().tokenizer().encode(texts, c.maxLength());
        try (NDManager step = NDManager.newBaseManager()) {
            NDArray p = c.classifier().logits(b, step, false).softmax(-1);
            float[] flat = p.toFloatArray();
            int k = c.labels().size();
            for (int i = 0; i < texts.size(); i++) {
                ObjectNode o = JSON.createObjectNode();
                o.put("text", texts.get(i));
                int best = 0;
                ObjectNode probs = JSON.createObjectNode();
                for (int j = 0; j < k; j++) {
                    probs.put(c.labels().name(j), flat[i * k + j]);
                    if (flat[i * k + j] > flat[i * k + best]) {
                        best = j;
                    }
                }
                o.put("label", c.labels().name(best));
                o.set("probabilities", probs);
                if (b.truncatedRows()[i]) {
                    o.put("truncated", true);
                }
                lines.add(write(o));
            }
        }
        return lines;
    }

    /**
     * MixText's label guess for each text of one batch, as a precomputed target: {@code p = mean_v softmax(f(v))}
     * over the text and its K views, dropout off (the unsharpened guess: training sharpens it with its own T).
     *
     * @param c a loaded classifier
     * @param texts one batch
     * @param views each text's K views
     * @return {@code {"text", "augmentations": [...], "guess": {class: p}}} per text
     */
    public static List<String> guesses(TextCheckpoint.Loaded c, List<String> texts, List<List<String>> views) {
        int n = texts.size();
        int k = views.isEmpty() ? 0 : views.get(0).size();
        List<String> rows = new ArrayList<>(texts); // view-major: [texts, view 1 of each, ..., view K of each]
        for (int v = 0; v < k; v++) {
            for (List<String> vs : views) {
                rows.add(vs.get(v));
            }
        }
        EncodedBatch b = c.model().tokenizer().encode(rows, c.maxLength());
        List<String> lines = new ArrayList<>();
        try (NDManager step = NDManager.newBaseManager()) {
            float[] flat = c.classifier().logits(b, step, false).softmax(-1).toFloatArray();
            int classes = c.labels().size();
            for (int i = 0; i < n; i++) {
                ObjectNode o = JSON.createObjectNode();
                o.put("text", texts.get(i));
                ArrayNode a = o.putArray("augmentations");
                views.get(i).forEach(a::add);
                ObjectNode g = JSON.createObjectNode();
                for (int j = 0; j < classes; j++) {
                    double sum = 0;
                    for (int v = 0; v <= k; v++) {
                        sum += flat[(v * n + i) * classes + j];
                    }
                    g.put(c.labels().name(j), sum / (k + 1));
                }
                o.set("guess", g);
                lines.add(write(o));
            }
        }
        return lines;
    }

    /**
     * @param m the encoder
     * @param pool sentence pooling
     * @param normalize scale each vector to unit length
     * @param texts one batch
     * @param batch the batch as encoded (its truncation counts are the caller's)
     * @return {@code {"text", "embedding": [...]}} per text
     */
    public static List<String> embeddings(TextModel m, Pooling pool, boolean normalize, List<String> texts, EncodedBatch batch) {
        List<String> lines = new ArrayList<>();
        try (NDManager step = NDManager.newBaseManager()) {
            NDArray v = pool.apply(m.encoder().forward(batch, step, false));
            if (normalize) {
                v = v.div(Scalars.maximum(v.norm(new int[] {1}, true), 1e-12f));
            }
            float[] flat = v.toFloatArray();
            int h = (int) v.getShape().get(1);
            for (int i = 0; i < texts.size(); i++) {
                ObjectNode o = JSON.createObjectNode();
                o.put("text", texts.get(i));
                ArrayNode e = o.putArray("embedding");
                for (int k = 0; k < h; k++) {
                    e.add(flat[i * h + k]);
                }
                lines.add(write(o));
            }
        }
        return lines;
    }

    private static String write(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
