package io.mixkit.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The shape of a BERT encoder, with the field names of Hugging Face's {@code config.json}.
 *
 * <p>Devlin et al., "BERT: Pre-training of Deep Bidirectional Transformers" (NAACL 2019). Read from
 * {@code config.json} or inferred from the shapes of the weights ({@link #inferFrom}).
 *
 * @param vocabSize rows of the word embedding table
 * @param hiddenSize H
 * @param numLayers number of encoder layers L (the model has stages 0..L)
 * @param numHeads attention heads; H must divide evenly
 * @param intermediateSize width of the feed-forward layer
 * @param maxPositions rows of the position table (longest input)
 * @param typeVocabSize rows of the token-type table
 * @param layerNormEps LayerNorm epsilon (1e-12 for BERT)
 * @param hiddenAct feed-forward activation: gelu (exact, erf), gelu_new (tanh approximation) or relu
 * @param hiddenDropout dropout on embeddings and sub-layer outputs
 * @param attentionDropout dropout on attention probabilities
 */
public record BertConfig(
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int intermediateSize,
        int maxPositions,
        int typeVocabSize,
        float layerNormEps,
        String hiddenAct,
        float hiddenDropout,
        float attentionDropout) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Validates the combination, naming the offending field. */
    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numLayers);
        positive("num_attention_heads", numHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositions);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numHeads);
        }
        if (!hiddenAct.equals("gelu") && !hiddenAct.equals("gelu_new") && !hiddenAct.equals("relu")) {
            throw new IllegalArgumentException("hidden_act '" + hiddenAct
                    + "' is not supported; expected gelu, gelu_new or relu");
        }
    }

    private static void positive(String field, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + v);
        }
    }

    /** @return H / heads */
    public int headSize() {
        return hiddenSize / numHeads;
    }

    /**
     * Reads a Hugging Face {@code config.json}.
     *
     * @param file the file
     * @return the config
     * @throws IOException naming the file if it cannot be read or lacks a field
     */
    public static BertConfig read(Path file) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a readable JSON config (" + e.getMessage().split("\n")[0] + ")", e);
        }
        try {
            return fromJson(n);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static BertConfig fromJson(JsonNode n) {
        return new BertConfig(
                required(n, "vocab_size").asInt(),
                required(n, "hidden_size").asInt(),
                required(n, "num_hidden_layers").asInt(),
                required(n, "num_attention_heads").asInt(),
                required(n, "intermediate_size").asInt(),
                n.path("max_position_embeddings").asInt(512),
                n.path("type_vocab_size").asInt(2),
                (float) n.path("layer_norm_eps").asDouble(1e-12),
                n.path("hidden_act").asText("gelu"),
                (float) n.path("hidden_dropout_prob").asDouble(0.1),
                (float) n.path("attention_probs_dropout_prob").asDouble(0.1));
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException("config field '" + field + "' is missing or not a number");
        }
        return v;
    }

    /**
     * Writes this config as a Hugging Face {@code config.json} ({@code model_type: bert}).
     *
     * @param file the destination
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("model_type", "bert");
        n.putArray("architectures").add("BertModel");
        n.put("vocab_size", vocabSize);
        n.put("hidden_size", hiddenSize);
        n.put("num_hidden_layers", numLayers);
        n.put("num_attention_heads", numHeads);
        n.put("intermediate_size", intermediateSize);
        n.put("max_position_embeddings", maxPositions);
        n.put("type_vocab_size", typeVocabSize);
        n.put("layer_norm_eps", layerNormEps);
        n.put("hidden_act", hiddenAct);
        n.put("hidden_dropout_prob", hiddenDropout);
        n.put("attention_probs_dropout_prob", attentionDropout);
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    }

    /**
     * Infers the config from weight shapes (Hugging Face names). The head count cannot be read from
     * shapes: pass it when known (from an ONNX graph or a catalogue entry), else BERT's convention
     * of 64-wide heads is used.
     *
     * @param shapes tensor name to shape, in Hugging Face orientation
     * @param numHeads the head count, or 0 to use hidden / 64
     * @return the inferred config with BERT defaults for the rest (eps 1e-12, exact GELU, dropout 0.1)
     * @throws IllegalArgumentException naming the tensor that is needed but absent
     */
    public static BertConfig inferFrom(Map<String, long[]> shapes, int numHeads) {
        long[] word = need(shapes, "embeddings.word_embeddings.weight");
        long[] pos = need(shapes, "embeddings.position_embeddings.weight");
        long[] type = shapes.get("embeddings.token_type_embeddings.weight");
        long[] inter = need(shapes, "encoder.layer.0.intermediate.dense.weight");
        int layers = 0;
        while (shapes.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        int hidden = (int) word[1];
        int heads = numHeads > 0 ? numHeads : Math.max(1, hidden / 64);
        return new BertConfig((int) word[0], hidden, layers, heads, (int) inter[0], (int) pos[0],
                type == null ? 1 : (int) type[0], 1e-12f, "gelu", 0.1f, 0.1f);
    }

    private static long[] need(Map<String, long[]> shapes, String name) {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("cannot infer the model shape: tensor '" + name + "' is missing");
        }
        return s;
    }
}
