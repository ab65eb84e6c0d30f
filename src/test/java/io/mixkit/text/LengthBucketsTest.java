package io.mixkit.text;

import io.mixkit.MixKitRuntime;
import io.mixkit.mix.LengthBuckets;
import io.mixkit.mix.Partners;
import io.mixkit.mix.Seeds;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.train.BatchSource;
import io.mixkit.train.Predictions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Length bucketing: every example once, sorted within its window, seeded; predictions unchanged by it. */
class LengthBucketsTest {

    @Test
    void bucketsCoverEveryExampleOnceAndSortWithinWindows() {
        int n = 103;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = (i * 37) % 50;
        }
        int[] order = Partners.permutation(n, Seeds.random(5));
        int[][] batches = LengthBuckets.bucketed(order, lengths, 8, 4, Seeds.random(6));
        assertEquals(13, batches.length); // ceil(103 / 8), as without bucketing
        int[] seen = Arrays.stream(batches).flatMapToInt(Arrays::stream).sorted().toArray();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        assertArrayEquals(all, seen);
        // each window of 32 shuffled examples, sorted by length, cut into 4 batches: recompute by hand
        List<String> expected = new ArrayList<>();
        for (int from = 0; from < n; from += 32) {
            Integer[] w = Arrays.stream(Arrays.copyOfRange(order, from, Math.min(n, from + 32))).boxed().toArray(Integer[]::new);
            Arrays.sort(w, (a, b) -> Integer.compare(lengths[a], lengths[b]));
            for (int s = 0; s < w.length; s += 8) {
                expected.add(Arrays.toString(Arrays.copyOfRange(w, s, Math.min(w.length, s + 8))));
            }
        }
        List<String> got = Arrays.stream(batches).map(Arrays::toString).sorted().toList();
        assertEquals(expected.stream().sorted().toList(), got);
        assertArrayEquals(batches, LengthBuckets.bucketed(order, lengths, 8, 4, Seeds.random(6)), "seeded");
        assertArrayEquals(new int[] {2, 0, 3, 1}, LengthBuckets.longestFirst(new int[] {5, 1, 9, 5}));
    }

    @Test
    void predictionsAreTheSameInAnyOrder() throws Exception {
        MixKitRuntime.init();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add("word ".repeat(1 + (i * 7) % 30) + "end " + i);
        }
        int[] labels = new int[20];
        Arrays.setAll(labels, i -> i % 2);
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            TextBatchSource src = new TextBatchSource(texts, labels, model.tokenizer(), 64);
            BatchSource<io.mixkit.text.EncodedBatch> inOrder = new BatchSource<>() { // the same source without length hints
                public int size() {
                    return src.size();
                }

                public int label(int index) {
                    return src.label(index);
                }

                public io.mixkit.text.EncodedBatch inputs(int[] indices) {
                    return src.inputs(indices);
                }
            };
            Predictions bucketed = Predictions.of(c, src, 6);
            Predictions plain = Predictions.of(c, inOrder, 6);
            assertArrayEquals(plain.labels(), bucketed.labels());
            for (int i = 0; i < 20; i++) {
                for (int k = 0; k < 2; k++) {
                    assertEquals(plain.probabilities()[i][k], bucketed.probabilities()[i][k], 1e-6, "text " + i);
                }
            }
            assertTrue(src.lengthHint(0) < src.lengthHint(4));
        }
    }

    @Test
    void sortedBatchesRunLongestFirstAndAnswerInTheWindowsOrder() throws Exception {
        List<String> window = List.of("bb", "a", "dddd", "ccc", "eeeee", "f", "gg");
        List<List<String>> seen = new ArrayList<>();
        List<String> out = SortedBatches.run(window, 3, batch -> {
            seen.add(batch);
            return batch.stream().map(t -> t + ":" + t.length()).toList();
        });
        // by hand: lengths 2,1,4,3,5,1,2 -> longest first (ties in input order) eeeee dddd ccc | bb gg a | f
        assertEquals(List.of(List.of("eeeee", "dddd", "ccc"), List.of("bb", "gg", "a"), List.of("f")), seen);
        assertEquals(List.of("bb:2", "a:1", "dddd:4", "ccc:3", "eeeee:5", "f:1", "gg:2"), out);
    }
}
