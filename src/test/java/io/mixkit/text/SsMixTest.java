package io.mixkit.text;

import ai.djl.ndarray.NDManager;
import io.mixkit.mix.Seeds;
import io.mixkit.mix.SpanWindows;
import io.mixkit.text.strategy.SsMix;
import io.mixkit.train.Batch;
import io.mixkit.train.StepContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SSMix: the window kernel by hand, and one real step on MiniLM that replaces exactly one span per row. */
class SsMixTest {

    @Test
    void windowsByHand() {
        float[] s = {9, 1, 2, 8, 0, 0, 5, 9};
        // width 2 over 8 positions, ends excluded: windows start at 1..5:
        // means (1+2)/2=1.5, (2+8)/2=5, (8+0)/2=4, 0, (0+5)/2=2.5 -> lowest at 4, highest at 2
        assertEquals(4, SpanWindows.best(s, 8, 2, true, false));
        assertEquals(2, SpanWindows.best(s, 8, 2, true, true));
        // without excluding ends the last window (5+9)/2=7 is the highest and the first (9+1)/2=5 ties with start 2
        assertEquals(6, SpanWindows.best(s, 8, 2, false, true));
        assertEquals(4, SpanWindows.best(s, 8, 2, false, false));
        assertEquals(-1, SpanWindows.best(s, 3, 2, true, true), "no window fits between the ends");
    }

    @Test
    void oneStepReplacesOneSpanPerRowAndMixesTargets() throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false); NDManager m = NDManager.newBaseManager()) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            c.parameters().setRequiresGradient(true);
            List<String> texts = List.of(
                    "the food was cold and the waiter ignored us for the whole evening , never again",
                    "terrible plot , wooden acting and a soundtrack that never stops being loud",
                    "great battery life and the screen is bright even in direct sunlight , love it",
                    "a charming little film with a warm heart and a clever script");
            EncodedBatch in = model.tokenizer().encode(texts, 64);
            int[] labels = {0, 0, 1, 1};
            StepContext<EncodedBatch> ctx = new StepContext<>(c, m, Seeds.random(1), 1, 1);
            Batch<EncodedBatch> out = new SsMix(0.1).beforeRecording(ctx, new Batch<>(in, labels));
            float[] t = out.targets().toFloatArray();
            for (int i = 0; i < 4; i++) {
                int len = 0;
                for (long v : in.attentionMask()[i]) {
                    len += (int) v;
                }
                int w = Math.max((int) ((len - 2) * 0.1), 1);
                int changed = 0;
                int first = -1;
                for (int k = 0; k < in.length(); k++) {
                    if (in.inputIds()[i][k] != out.inputs().inputIds()[i][k]) {
                        changed++;
                        first = first < 0 ? k : first;
                    }
                }
                assertTrue(changed <= w && changed > 0, "row " + i + ": " + changed + " tokens changed, window " + w);
                assertTrue(first >= 1 && first + w <= len - 1, "span must avoid [CLS] and [SEP]");
                // Partner is the row half a batch away, of the other class here: r y_i + (1-r) y_j.
                float r = 1f - (float) w / (len - 2);
                int own = labels[i];
                assertEquals(r, t[i * 2 + own], 1e-6f, "row " + i);
                assertEquals(1 - r, t[i * 2 + (1 - own)], 1e-6f, "row " + i);
                assertArrayEquals(in.attentionMask()[i], out.inputs().attentionMask()[i]);
            }
            assertTrue(out.logged().get("clean") > 0.3f, "clean loss of an untrained head is about ln 2");
            // The clean pass left parameter gradients (the clean half of the SSMix loss).
            float g = c.parameters().get("classifier.weight").getGradient().abs().sum().getFloat();
            assertTrue(g > 0, "clean-pass gradient on the head");
        }
    }
}
