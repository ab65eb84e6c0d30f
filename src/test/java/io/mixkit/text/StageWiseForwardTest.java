package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import io.mixkit.train.StageState;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code forwardFrom(k, forwardTo(k, x))} is the full forward pass, for every stage k. */
class StageWiseForwardTest {

    static TextModel model;

    @BeforeAll
    static void load() throws Exception {
        model = TextModel.load("minilm-l6", false);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyStageSplitGivesTheFullForward() {
        BertEncoder enc = model.encoder();
        EncodedBatch batch = model.tokenizer().encode(OnnxRuntimeParityTest.SENTENCES, 64);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] full = enc.forward(batch, m, false).value().toFloatArray();
            for (int k = 0; k <= enc.numStages(); k++) {
                StageState mid = enc.forwardTo(k, batch, m, false);
                assertArrayEquals(new long[] {batch.size(), batch.length(), 384}, mid.value().getShape().getShape());
                float[] split = enc.forwardFrom(k, mid, false).value().toFloatArray();
                double max = 0;
                for (int i = 0; i < full.length; i++) {
                    max = Math.max(max, Math.abs(full[i] - split[i]));
                }
                assertTrue(max < 1e-6, "stage " + k + ": max abs difference " + max);
            }
        }
    }

    @Test
    void intermediateStagesDiffer() {
        EncodedBatch batch = model.tokenizer().encode(List.of("a small test"), 16);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s2 = model.encoder().forwardTo(2, batch, m, false).value();
            NDArray s3 = model.encoder().forwardTo(3, batch, m, false).value();
            assertTrue(s2.sub(s3).abs().max().getFloat() > 0.1f, "stage 2 and stage 3 must be different layers");
        }
    }

    @Test
    void meanPoolingIgnoresPadding() {
        // The same sentence alone and padded in a batch with a longer one pools to the same vector.
        EncodedBatch alone = model.tokenizer().encode(List.of("Short one."), 64);
        EncodedBatch padded = model.tokenizer().encode(List.of("Short one.",
                "a much longer sentence that forces several padding positions onto the first row"), 64);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] a = Pooling.MEAN.apply(model.encoder().forward(alone, m, false)).toFloatArray();
            float[] b = Pooling.MEAN.apply(model.encoder().forward(padded, m, false)).get(0).toFloatArray();
            float[] c = Pooling.CLS.apply(model.encoder().forward(alone, m, false)).toFloatArray();
            assertEquals(384, a.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, "dimension " + i);
            }
            assertTrue(Math.abs(a[0] - c[0]) > 1e-4, "CLS and mean pooling must differ");
        }
    }

    @Test
    void stageOutsideTheModelIsRejected() {
        EncodedBatch batch = model.tokenizer().encode(List.of("x"), 8);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.encoder().forwardTo(7, batch, m, false));
            assertTrue(e.getMessage().contains("stage 7 is outside 0..6"), e.getMessage());
        }
    }
}
