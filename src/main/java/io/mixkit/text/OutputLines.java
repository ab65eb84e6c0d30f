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
 * single-process commands and the Spark jobs, so both write the same rows.
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
