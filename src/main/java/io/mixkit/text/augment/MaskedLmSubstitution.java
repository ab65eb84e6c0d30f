package io.mixkit.text.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextModel;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * Contextual substitution with a masked language model (Kobayashi, "Contextual Augmentation",
 * NAACL 2018; the BERT variant of Wu et al. 2019): in each view a share of the word pieces (15%) is
 * masked at once and each mask is filled by sampling from the MLM head's top-k predictions other
 * than the original piece (renormalised), so every view differs from the text; the pieces are then
 * decoded back to text. Needs a model with an MLM head
 * ({@code bert-base-uncased}). All K views of a text go through the model as one batch.
 */
public final class MaskedLmSubstitution implements Augmenter {

    private final TextModel model;
    private final double rate;
    private final int topK;
    private final int maxLength;

    /**
     * @param model a model loaded with its MLM head
     * @param rate share of word pieces replaced per view
     * @param topK candidates sampled from per position
     * @param maxLength tokens read per text
     */
    public MaskedLmSubstitution(TextModel model, double rate, int topK, int maxLength) {
        if (model.mlmHead() == null) {
            throw new IllegalArgumentException(model.source() + ": contextual augmentation needs a model with an MLM head");
        }
        this.model = model;
        this.rate = rate;
        this.topK = topK;
        this.maxLength = maxLength;
    }

    @Override
    public String id() {
        return "mlm-r" + rate + "-k" + topK + "-" + Integer.toHexString(model.source().hashCode());
    }

    @Override
    public List<String> augment(String text, int k, UniformRandomProvider rng) {
        EncodedBatch one = model.tokenizer().encode(List.of(text), maxLength);
        int len = one.length();
        int inner = len - 2;
        if (inner < 1) {
            return new ArrayList<>(java.util.Collections.nCopies(k, text));
        }
        int m = Math.max(1, (int) Math.round(rate * inner));
        long mask = model.tokenizer().tokenId("[MASK]");
        long[][] ids = new long[k][];
        int[][] where = new int[k][];
        for (int v = 0; v < k; v++) {
            ids[v] = one.inputIds()[0].clone();
            int[] order = io.mixkit.mix.Partners.permutation(inner, rng);
            where[v] = new int[m];
            for (int j = 0; j < m; j++) {
                where[v][j] = 1 + order[j];
                ids[v][where[v][j]] = mask;
            }
        }
        long[][] masks = new long[k][];
        long[][] types = new long[k][];
        for (int v = 0; v < k; v++) {
            masks[v] = one.attentionMask()[0];
            types[v] = one.tokenTypeIds()[0];
        }
        EncodedBatch batch = new EncodedBatch(ids, masks, types, new boolean[k]);
        try (NDManager step = NDManager.newBaseManager()) {
            NDArray hidden = model.encoder().forward(batch, step, false).value(); // [k, T, H]
            long[] flat = new long[k * m];
            for (int v = 0; v < k; v++) {
                for (int j = 0; j < m; j++) {
                    flat[v * m + j] = (long) v * len + where[v][j];
                }
            }
            NDArray picked = hidden.reshape(k * len, -1).get(step.create(flat));
            NDArray probs = model.mlmHead().logits(picked).softmax(-1);
            int width = topK + 1; // one more, in case the original piece is among the best
            long[] cand = probs.argSort(-1, false).get(":, 0:" + width).toLongArray();
            float[] all = probs.toFloatArray();
            int vocab = (int) probs.getShape().get(1);
            for (int r = 0; r < k * m; r++) {
                long original = one.inputIds()[0][where[r / m][r % m]];
                double total = 0;
                int used = 0;
                for (int c = 0; c < width && used < topK; c++) {
                    if (cand[r * width + c] != original) {
                        total += all[r * vocab + (int) cand[r * width + c]];
                        used++;
                    }
                }
                double u = rng.nextDouble() * total;
                long chosen = original;
                used = 0;
                for (int c = 0; c < width && used < topK; c++) {
                    long id = cand[r * width + c];
                    if (id == original) {
                        continue;
                    }
                    used++;
                    chosen = id;
                    u -= all[r * vocab + (int) id];
                    if (u <= 0) {
                        break;
                    }
                }
                ids[r / m][where[r / m][r % m]] = chosen;
            }
        }
        List<String> views = new ArrayList<>(k);
        for (int v = 0; v < k; v++) {
            views.add(model.tokenizer().decode(ids[v]));
        }
        return views;
    }
}
