package io.mixkit.text.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.StageState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token-level PuzzleMix's mixing: the mixed states equal the mask formula, padding is never salient, label weights. */
class TokenPuzzleMixTest {

    @Test
    void mixedStatesAreTheMaskFormulaAndAttendToTheUnion() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            // B = 2, T = 3, H = 2; row 0's partner is row 1 and back
            float[] h = {1, 2, 3, 4, 5, 6, /* row 1 */ 10, 20, 30, 40, 50, 60};
            NDArray states = m.create(h, new Shape(2, 3, 2));
            NDArray mask = m.create(new float[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
            TokenPuzzleMix.Plan p = new TokenPuzzleMix.Plan(new int[] {1, 0}, 1, 0.5f,
                    new float[][] {{1, 0.5f, 0}, {0, 1, 1}}, new float[] {0.5f, 2 / 3f}, null);
            StageState out = TokenPuzzleMix.apply(new StageState(states, mask), p);
            // row 0: m = 1, 0.5, 0 -> (1, 2), (0.5*3 + 0.5*30, 0.5*4 + 0.5*40), (50, 60)
            // row 1: m = 0, 1, 1 -> (1, 2), (30, 40), (50, 60)
            assertArrayEquals(new float[] {1, 2, 16.5f, 22, 50, 60, 1, 2, 30, 40, 50, 60}, out.value().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, out.mask().toFloatArray()); // union of both masks
        }
    }

    @Test
    void transportedStatesAreTheFormulaWithEachSidesMoves() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray states = m.create(new float[] {1, 2, 3, 4, /* row 1 */ 10, 20, 30, 40}, new Shape(2, 4, 1));
            TokenPuzzleMix.Plan p = new TokenPuzzleMix.Plan(new int[] {1, 0}, 1, 0.5f,
                    new float[][] {{1, 1, 0, 0}, {0, 0, 0, 0}}, new float[] {0.5f, 0}, null,
                    new int[][] {{0, 2, 1, 3}, {0, 1, 2, 3}}, new int[][] {{0, 1, 3, 2}, {0, 1, 2, 3}});
            // row 0: own 1, own[2] = 3, partner[3] = 40, partner[2] = 30; row 1: all its partner (row 0) unmoved
            assertArrayEquals(new float[] {1, 3, 40, 30, 1, 2, 3, 4},
                    TokenPuzzleMix.apply(new StageState(states, null), p).value().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void withTransportAPlanMovesNeitherClsNorSepNorPadding() {
        EncodedBatch in = new EncodedBatch(new long[][] {{101, 5, 6, 7, 8, 102, 0, 0}, {101, 9, 10, 11, 12, 13, 14, 102}},
                new long[][] {{1, 1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1}}, new long[2][8], new boolean[2]);
        // both texts salient at positions 3 and 4, and a mask of 0 or 1 (n_labels 2): one text loses them there, so its
        // salient tokens must move to where the mask keeps it
        float[] saliency = {0, 0.1f, 0.2f, 3, 4, 0, 0, 0, /* row 1 */ 0, 0.1f, 0.1f, 3, 4, 0.1f, 0.1f, 0};
        TokenPuzzleMix s = new TokenPuzzleMix(new TokenPuzzleMix.Options(1, new int[] {1}, 2, 1.2, 0, 0.2, 0, true, 0.8));
        TokenPuzzleMix.Plan p = s.plan(in, saliency, null, 0, new int[] {1, 0}, 0.5f, 1);
        for (int i = 0; i < 2; i++) {
            int real = (int) java.util.Arrays.stream(in.attentionMask()[i]).sum();
            int partnerReal = (int) java.util.Arrays.stream(in.attentionMask()[p.perm()[i]]).sum();
            for (int[][] side : new int[][][] {p.ownSource(), p.partnerSource()}) {
                int[] src = side[i];
                int len = side == p.ownSource() ? real : partnerReal;
                assertEquals(0, src[0], "[CLS] stays");
                assertEquals(len - 1, src[len - 1], "[SEP] stays");
                for (int t = len; t < 8; t++) {
                    assertEquals(t, src[t], "padding stays");
                }
                assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, java.util.Arrays.stream(src).sorted().toArray(), "a permutation");
            }
        }
        int[] identity = {0, 1, 2, 3, 4, 5, 6, 7};
        assertTrue(java.util.stream.Stream.of(p.ownSource()[0], p.ownSource()[1], p.partnerSource()[0], p.partnerSource()[1])
                .anyMatch(src -> !java.util.Arrays.equals(src, identity)), "some salient block moved");
    }

    @Test
    void aPlanNeverFindsSaliencyOnPaddingAndWeighsLabelsByTheMask() {
        // row 0 has 2 real tokens of 4, row 1 has 4; saliency put only on row 0's padding
        EncodedBatch in = new EncodedBatch(new long[][] {{101, 7, 0, 0}, {101, 8, 9, 102}},
                new long[][] {{1, 1, 0, 0}, {1, 1, 1, 1}}, new long[2][4], new boolean[2]);
        float[] saliency = {0.2f, 3, 9, 9, /* row 1 */ 1, 2, 0.5f, 4};
        TokenPuzzleMix s = new TokenPuzzleMix(new TokenPuzzleMix.Options(1, new int[] {1}, 3, 1.2, 0, 0.2, 0, false, 0.8));
        TokenPuzzleMix.Plan p = s.plan(in, saliency, null, 0, new int[] {1, 0}, 0.5f, 1);
        // the same plan whatever row 0's padding holds: its saliency never reaches the energy
        float[] otherPad = saliency.clone();
        otherPad[2] = 0;
        otherPad[3] = 1000;
        TokenPuzzleMix.Plan q = s.plan(in, otherPad, null, 0, new int[] {1, 0}, 0.5f, 1);
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(p.tokenMasks()[i], q.tokenMasks()[i], "row " + i);
        }
        for (int i = 0; i < 2; i++) {
            float[] m = p.tokenMasks()[i];
            long[] self = in.attentionMask()[i];
            long[] partner = in.attentionMask()[p.perm()[i]];
            double sum = 0;
            int n = 0;
            for (int t = 0; t < 4; t++) {
                assertTrue(m[t] == 0f || m[t] == 0.5f || m[t] == 1f, "mask values are 0, 0.5 or 1");
                if (self[t] == 1 || partner[t] == 1) {
                    sum += m[t];
                    n++;
                }
            }
            assertEquals(sum / n, p.weights()[i], 1e-6);
        }
        // and the blocks see only real tokens: row 0's block saliency is 0.2 and 3 of 3.2
        assertArrayEquals(new float[] {0.2f / 3.2f, 3 / 3.2f, 0, 0},
                io.mixkit.mix.TokenChainMask.blockSaliency(p.saliency()[0], in.attentionMask()[0], 1), 1e-6f);
    }

    @Test
    void trainsFromTheCommandLineWithItsOptions() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tokenpuzzle");
        java.util.List<String> all = java.nio.file.Files.readAllLines(io.mixkit.text.data.EmbeddedDatasets.defaultSplit("train"));
        java.nio.file.Path train = java.nio.file.Files.write(dir.resolve("train.csv"), all.subList(0, 81));
        java.nio.file.Path test = java.nio.file.Files.write(dir.resolve("test.csv"),
                java.util.stream.Stream.concat(all.subList(0, 1).stream(), all.subList(1000, 1040).stream()).toList());
        var r = io.mixkit.cli.CliRunner.run("", "train", "--method", "tokenpuzzle", "--train", train.toString(), "--test",
                test.toString(), "--out", dir.resolve("run").toString(), "--max-steps", "3", "--max-length", "32",
                "-O", "block_sizes=[2,4]", "-O", "mix_layer=2");
        assertEquals(0, r.code(), r.err());
        var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("run/report.json").toFile());
        assertEquals("[2,4]", report.path("mix").path("block_sizes").toString());
        assertEquals(2, report.path("mix").path("mix_layer").asInt());
        assertEquals(3, report.path("training").path("steps").asInt());

        // the terminal picture of two texts: one row per position real in either, the mask, A's label weight
        var v = io.mixkit.cli.CliRunner.run("", "visualize-text", "--checkpoint", dir.resolve("run/checkpoint").toString(),
                "--block-size", "2", "Short one.", "A somewhat longer second text here.");
        assertEquals(0, v.code(), v.err());
        String[] lines = v.out().split("\\R");
        long rows = java.util.Arrays.stream(lines).filter(l -> l.matches("^\\d+ +.*")).count();
        assertEquals(9, rows, v.out()); // [CLS] a somewhat longer second text here . [SEP]: 9 positions, A has 5
        assertTrue(v.out().contains("(pad)") && v.out().contains("A's label weight"), v.out());
        var bad = io.mixkit.cli.CliRunner.run("", "visualize-text", "--checkpoint", dir.resolve("run/checkpoint").toString(),
                "--lam", "1.5", "a", "b");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("mixkit: error: --lam must be in (0, 1), got 1.5"), bad.err());
    }
}
