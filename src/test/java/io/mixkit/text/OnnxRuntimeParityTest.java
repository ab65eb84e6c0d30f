package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The BERT forward pass against ONNX Runtime, an independent engine, on the same ONNX file:
 * last hidden state of a padded batch to 1e-4 max abs difference.
 */
class OnnxRuntimeParityTest {

    static final List<String> SENTENCES = List.of(
            "The capital of France is Paris.",
            "MixKit mixes hidden states after a chosen encoder layer, then continues the forward pass.",
            "Short one.",
            "Ten labeled examples per class and thousands of unlabeled texts: semi-supervised text classification!");

    /** Runs ONNX Runtime on the batch; returns the first output, [B, T, H] flattened. */
    static float[][][] onnxRuntime(Path onnx, EncodedBatch b) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(2);
            try (OrtSession s = env.createSession(onnx.toString(), opts)) {
                Map<String, OnnxTensor> in = new HashMap<>();
                in.put("input_ids", OnnxTensor.createTensor(env, b.inputIds()));
                in.put("attention_mask", OnnxTensor.createTensor(env, b.attentionMask()));
                if (s.getInputNames().contains("token_type_ids")) {
                    in.put("token_type_ids", OnnxTensor.createTensor(env, b.tokenTypeIds()));
                }
                try (OrtSession.Result r = s.run(in)) {
                    return (float[][][]) r.get(0).getValue();
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm-l6", "bge-small"})
    void lastHiddenStateMatchesOnnxRuntime(String name) throws Exception {
        Path dir = ModelFetcher.resolve(ModelCatalogue.find(name).orElseThrow());
        try (TextModel model = TextModel.load(name, false); NDManager m = NDManager.newBaseManager()) {
            EncodedBatch batch = model.tokenizer().encode(SENTENCES, 128);
            assertTrue(batch.attentionMask()[2][batch.length() - 1] == 0, "the batch must contain padding");
            float[][][] expected = onnxRuntime(dir.resolve("model.onnx"), batch);
            NDArray actual = model.encoder().forward(batch, m, false).value();
            float[] flat = actual.toFloatArray();
            int t = batch.length();
            int h = model.encoder().config().hiddenSize();
            double maxDiff = 0;
            double maxPadDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < SENTENCES.size(); i++) {
                for (int j = 0; j < t; j++) {
                    for (int k = 0; k < h; k++) {
                        double d = Math.abs(expected[i][j][k] - flat[(i * t + j) * h + k]);
                        if (batch.attentionMask()[i][j] == 1) {
                            maxDiff = Math.max(maxDiff, d);
                        } else {
                            maxPadDiff = Math.max(maxPadDiff, d);
                        }
                        maxAbs = Math.max(maxAbs, Math.abs(expected[i][j][k]));
                    }
                }
            }
            System.out.println(name + ": max abs difference to ONNX Runtime " + maxDiff + " on tokens, "
                    + maxPadDiff + " on padding; largest value " + maxAbs);
            maxDiff = Math.max(maxDiff, maxPadDiff);
            assertTrue(maxDiff < 1e-4, name + ": max abs difference " + maxDiff);
        }
    }

    @Test
    void onnxGraphGivesTheHeadCount() throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            BertConfig c = model.encoder().config();
            assertEquals(6, c.numLayers());
            assertEquals(384, c.hiddenSize());
            assertEquals(12, c.numHeads());
            assertEquals(1536, c.intermediateSize());
            assertEquals(30522, c.vocabSize());
            assertEquals(512, c.maxPositions());
            // embeddings 30522*384 + 512*384 + 2*384 + 2*384; per layer 4*(384*384+384) + 2*(1536*384) + 1536 + 384 + 4*384
            assertEquals(22_565_376L, model.encoder().parameters().count());
            assertTrue(model.loadReport().unexpected().isEmpty(), "unexpected: " + model.loadReport().unexpected());
        }
    }
}
