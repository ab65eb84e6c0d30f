package io.mixkit.text.augment;

import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * UDA's TF-IDF word replacement (Xie et al., "Unsupervised Data Augmentation for Consistency
 * Training", NeurIPS 2020, {@code TfIdfWordRep}): uninformative words (low TF-IDF in their text) are
 * replaced more often, by words drawn from the corpus vocabulary with probability proportional to
 * {@code max_idf - idf(w)} (uninformative words again), so the view keeps the keywords.
 * Per word: {@code P(replace w_i) = min(1, p * (max_j s_j - s_i) / mean_j (max_j s_j - s_j))} with
 * {@code s = tf * idf}. IDF comes from the corpus the augmenter is fitted on (the unlabeled pool).
 */
public final class TfIdfReplacement implements Augmenter {

    private final double p;
    private final Map<String, Double> idf;
    private final String[] vocab;
    private final double[] cumulative;

    /**
     * Document frequencies of a corpus: counted in parts (a Spark partition each) and merged, they give
     * the same augmenter as counting the whole corpus at once.
     *
     * @param df documents containing each word
     * @param docs documents counted
     */
    public record DocumentFrequencies(Map<String, Integer> df, int docs) implements java.io.Serializable {

        /** @param texts documents @return their frequencies */
        public static DocumentFrequencies count(Iterable<String> texts) {
            Map<String, Integer> df = new HashMap<>();
            int docs = 0;
            for (String t : texts) {
                docs++;
                new HashSet<>(Eda.words(t)).forEach(w -> df.merge(w, 1, Integer::sum));
            }
            return new DocumentFrequencies(df, docs);
        }

        /** @param other frequencies of other documents @return the frequencies of both */
        public DocumentFrequencies merge(DocumentFrequencies other) {
            Map<String, Integer> sum = new HashMap<>(df);
            other.df.forEach((w, n) -> sum.merge(w, n, Integer::sum));
            return new DocumentFrequencies(sum, docs + other.docs);
        }
    }

    /**
     * @param corpus texts to compute document frequencies on
     * @param p expected share of words replaced (0.2 to 0.3 in UDA)
     */
    public TfIdfReplacement(Iterable<String> corpus, double p) {
        this(DocumentFrequencies.count(corpus), p);
    }

    /**
     * @param counted the corpus's document frequencies
     * @param p expected share of words replaced (0.2 to 0.3 in UDA)
     */
    public TfIdfReplacement(DocumentFrequencies counted, double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("TF-IDF replacement probability must be in (0, 1), got " + p);
        }
        this.p = p;
        Map<String, Integer> df = counted.df();
        int docs = counted.docs();
        if (docs == 0 || df.isEmpty()) {
            throw new IllegalArgumentException("TF-IDF replacement needs a non-empty corpus");
        }
        idf = new HashMap<>();
        for (Map.Entry<String, Integer> e : df.entrySet()) {
            idf.put(e.getKey(), Math.log((double) docs / e.getValue()));
        }
        vocab = df.keySet().stream().sorted().toArray(String[]::new);
        double max = idf.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        cumulative = new double[vocab.length];
        double sum = 0;
        for (int i = 0; i < vocab.length; i++) {
            sum += max - idf.get(vocab[i]) + 1e-6;
            cumulative[i] = sum;
        }
    }

    @Override
    public String id() {
        return "tfidf-p" + p + "-v" + vocab.length + "-h" + Integer.toHexString(Arrays.hashCode(vocab));
    }

    @Override
    public List<String> augment(String text, int k, UniformRandomProvider rng) {
        List<String> words = Eda.words(text);
        List<String> views = new ArrayList<>(k);
        if (words.isEmpty()) {
            for (int i = 0; i < k; i++) {
                views.add(text);
            }
            return views;
        }
        Map<String, Integer> tf = new HashMap<>();
        words.forEach(w -> tf.merge(w, 1, Integer::sum));
        double[] score = new double[words.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < score.length; i++) {
            score[i] = tf.get(words.get(i)) * idf.getOrDefault(words.get(i), 0.0);
            max = Math.max(max, score[i]);
        }
        double mean = 0;
        for (double s : score) {
            mean += max - s;
        }
        mean /= score.length;
        for (int v = 0; v < k; v++) {
            List<String> out = new ArrayList<>(words.size());
            for (int i = 0; i < words.size(); i++) {
                double prob = mean == 0 ? p : Math.min(1, p * (max - score[i]) / mean);
                out.add(rng.nextDouble() < prob ? sample(rng) : words.get(i));
            }
            views.add(String.join(" ", out));
        }
        return views;
    }

    private String sample(UniformRandomProvider rng) {
        double r = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, r);
        return vocab[i >= 0 ? i : -i - 1];
    }

    /** @param word a word @return its IDF in the fitted corpus (0 if unseen) */
    public double idf(String word) {
        return idf.getOrDefault(word, 0.0);
    }
}
