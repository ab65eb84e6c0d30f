package io.mixkit.text;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.mixkit.MixKitRuntime;
import io.mixkit.onnx.OnnxProto.ModelProto;
import io.mixkit.train.io.OnnxGraph;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exported graph against MixKit's own forward pass, run by ONNX Runtime (an independent engine): logits
 * of a padded batch to 1e-4 max abs, probabilities summing to 1, for both encoders' shapes and both poolings.
 */
public class TextOnnxExportTest {

    @TempDir
    static Path tmp;


    /** ONNX Runtime's logits and probabilities for a batch. */
    public static float[][][] run(Path onnx, EncodedBatch b) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(2);
            try (OrtSession s = env.createSession(onnx.toString(), opts)) {
                Map<String, OnnxTensor> in = new HashMap<>();
                in.put("input_ids", OnnxTensor.createTensor(env, b.inputIds()));
                in.put("attention_mask", OnnxTensor.createTensor(env, b.attentionMask()));
                in.put("token_type_ids", OnnxTensor.createTensor(env, b.tokenTypeIds()));
                try (OrtSession.Result r = s.run(in)) {
                    return new float[][][] {(float[][]) r.get("logits").orElseThrow().getValue(),
                            (float[][]) r.get("probabilities").orElseThrow().getValue()};
                } finally {
                    in.values().forEach(OnnxTensor::close);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"minilm-l6,mean", "bge-small,cls"})
    void logitsMatchMixKitsForwardPass(String name, String pooling) throws Exception {
        check(name, pooling);
    }

    /** The rest of the catalogue: e5-small (fetched from Maven Central) and BERT-base (408 MB): {@code mvn -Plarge test}. */
    @org.junit.jupiter.api.Tag("large")
    @ParameterizedTest
    @CsvSource({"e5-small,mean", "bert-base-uncased,cls"})
    void largeCatalogueModelsExportToo(String name, String pooling) throws Exception {
        check(name, pooling);
    }

    static void check(String name, String pooling) throws Exception {
        MixKitRuntime.init();
        try (TextModel model = TextModel.load(name, false); NDManager m = NDManager.newBaseManager()) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.parse(pooling), 3);
            // a head far from its initialisation, so the logits are not all near zero
            c.parameters().get("classifier.weight").muli(50);
            ModelProto onnx = TextOnnxExport.build(c, List.of("a", "b", "c"), Map.of());
            Path file = tmp.resolve(name + ".onnx");
            OnnxGraph.write(onnx, file);
            EncodedBatch batch = model.tokenizer().encode(OnnxRuntimeParityTest.SENTENCES, 128);
            assertTrue(batch.attentionMask()[2][batch.length() - 1] == 0, "the batch must contain padding");
            float[][][] ort = run(file, batch);
            float[] expected = c.forwardFrom(0, c.forwardTo(0, batch, m, false), false).toFloatArray();
            double maxDiff = 0;
            double maxAbs = 0;
            for (int i = 0; i < batch.inputIds().length; i++) {
                double sum = 0;
                for (int k = 0; k < 3; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ort[0][i][k] - expected[i * 3 + k]));
                    maxAbs = Math.max(maxAbs, Math.abs(expected[i * 3 + k]));
                    sum += ort[1][i][k];
                }
                assertEquals(1.0, sum, 1e-5);
            }
            assertTrue(maxAbs > 0.1, "logits too small to test: " + maxAbs);
            System.out.printf("%s: ONNX Runtime vs MixKit logits max abs %.2e (largest logit %.2f)%n", name, maxDiff, maxAbs);
            assertTrue(maxDiff < 1e-4, name + ": max abs difference " + maxDiff + " (largest logit " + maxAbs + ")");
        }
    }
}
