package io.mixkit.text.data;

import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextTokenizer;
import io.mixkit.train.BatchSource;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Labeled texts as batches of token ids, tokenised on demand (the Rust tokenizer does 4-7k
 * sentences/s, never the bottleneck). Texts longer than the token budget are cut and counted once
 * each; very long documents are first cut to {@code 100 * maxLength} characters, which cannot hold
 * fewer than {@code maxLength} word pieces.
 */
public final class TextBatchSource implements BatchSource<EncodedBatch> {

    private final List<String> texts;
    private final int[] labels;
    private final TextTokenizer tokenizer;
    private final int maxLength;
    private final BitSet truncated = new BitSet();

    /**
     * @param examples the texts
     * @param labels class index per text
     * @param tokenizer the model's tokenizer
     * @param maxLength tokens per text, special tokens included
     */
    public TextBatchSource(TextExamples examples, int[] labels, TextTokenizer tokenizer, int maxLength) {
        this(examples.texts(), labels, tokenizer, maxLength);
    }

    /**
     * @param texts the texts
     * @param labels class index per text
     * @param tokenizer the model's tokenizer
     * @param maxLength tokens per text
     */
    public TextBatchSource(List<String> texts, int[] labels, TextTokenizer tokenizer, int maxLength) {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
        this.texts = texts;
        this.labels = labels;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    @Override
    public int size() {
        return texts.size();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** Characters, up to the cut before tokenising: a free proxy for the token count. */
    @Override
    public int lengthHint(int index) {
        return Math.min(texts.get(index).length(), maxLength * 100);
    }

    @Override
    public EncodedBatch inputs(int[] indices) {
        List<String> batch = new ArrayList<>(indices.length);
        int cap = maxLength * 100;
        for (int i : indices) {
            String t = texts.get(i);
            if (t.length() > cap) {
                t = t.substring(0, cap);
                synchronized (truncated) {
                    truncated.set(i);
                }
            }
            batch.add(t);
        }
        EncodedBatch b = tokenizer.encode(batch, maxLength);
        synchronized (truncated) {
            for (int r = 0; r < indices.length; r++) {
                if (b.truncatedRows()[r]) {
                    truncated.set(indices[r]);
                }
            }
        }
        return b;
    }

    /** @return how many distinct texts were cut so far */
    public int truncatedCount() {
        synchronized (truncated) {
            return truncated.cardinality();
        }
    }

    /** @return the token budget */
    public int maxLength() {
        return maxLength;
    }
}
