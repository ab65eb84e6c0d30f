package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The int8 MiniLM, dequantised on load, must embed like the float32 MiniLM it was made from:
 * the reference is the independent float32 export, compared by cosine similarity of mean-pooled
 * sentence vectors.
 */
class QuantizedModelTest {

    @Test
    void dequantisedWeightsEmbedLikeTheFloatModel() throws Exception {
        try (TextModel q = TextModel.load("minilm-l6-q", false);
             TextModel f = TextModel.load("minilm-l6", false);
             NDManager m = NDManager.newBaseManager()) {
            assertEquals(12, q.encoder().config().numHeads());
            assertEquals(f.encoder().parameters().count(), q.encoder().parameters().count());
            EncodedBatch batch = f.tokenizer().encode(OnnxRuntimeParityTest.SENTENCES, 64);
            NDArray a = Pooling.MEAN.apply(q.encoder().forward(batch, m, false));
            NDArray b = Pooling.MEAN.apply(f.encoder().forward(batch, m, false));
            NDArray cos = a.mul(b).sum(new int[] {1}).div(a.norm(new int[] {1}).mul(b.norm(new int[] {1})));
            float[] c = cos.toFloatArray();
            for (int i = 0; i < c.length; i++) {
                System.out.println("sentence " + i + ": cosine(int8, fp32) = " + c[i]);
                assertTrue(c[i] > 0.98f, "sentence " + i + ": cosine " + c[i]);
            }
            // Weights differ (they were quantised): the match is not a copy of the float model.
            NDArray wq = q.encoder().parameters().get("encoder.layer.0.attention.self.query.weight");
            NDArray wf = f.encoder().parameters().get("encoder.layer.0.attention.self.query.weight");
            float diff = wq.sub(wf).abs().max().getFloat();
            assertTrue(diff > 1e-5f && diff < 0.05f, "int8 rounding error " + diff);
        }
    }
}
