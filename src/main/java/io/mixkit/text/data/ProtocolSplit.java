package io.mixkit.text.data;

import io.mixkit.mix.Partners;
import io.mixkit.mix.Seeds;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.List;

/**
 * The MixText data protocol (Chen et al. 2020, {@code read_data.py}): per class, shuffle the
 * training examples with a seed, take the first {@code N} as labeled, the next ones (up to
 * {@code U}) as the unlabeled pool, and the last {@code V} as validation. The paper uses N = 10 or
 * 200, U = 5,000 and V = 2,000 per class.
 *
 * @param labeled N per class
 * @param unlabeled the pool (labels kept only for analysis; training never reads them)
 * @param validation V per class (fewer when a class is small; see {@code notes})
 * @param notes what was shortened, for the report
 */
public record ProtocolSplit(TextExamples labeled, TextExamples unlabeled, TextExamples validation, List<String> notes) {

    /**
     * @param train the full labeled training set
     * @param vocab its classes
     * @param labeledPerClass N
     * @param unlabeledPerClass U (0 for none)
     * @param validPerClass V (0 for none)
     * @param seed the seed
     * @return the split
     * @throws IllegalArgumentException naming a class with fewer than N examples
     */
    public static ProtocolSplit sample(TextExamples train, LabelVocabulary vocab, int labeledPerClass,
                                       int unlabeledPerClass, int validPerClass, long seed) {
        if (labeledPerClass < 1) {
            throw new IllegalArgumentException("--labels-per-class must be at least 1, got " + labeledPerClass);
        }
        int[] y = vocab.indices(train);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < vocab.size(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < y.length; i++) {
            byClass.get(y[i]).add(i);
        }
        UniformRandomProvider rng = Seeds.random(seed);
        List<Integer> lab = new ArrayList<>();
        List<Integer> unl = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int c = 0; c < vocab.size(); c++) {
            List<Integer> members = byClass.get(c);
            int n = members.size();
            if (n < labeledPerClass) {
                throw new IllegalArgumentException(train.source() + ": class '" + vocab.name(c) + "' has " + n
                        + " training examples, fewer than --labels-per-class " + labeledPerClass);
            }
            int[] order = Partners.permutation(n, rng);
            int v = Math.min(validPerClass, n - labeledPerClass);
            if (v < validPerClass) {
                notes.add("class '" + vocab.name(c) + "': " + v + " validation examples instead of " + validPerClass
                        + " (only " + n + " in the training data)");
            }
            int unlabeledEnd = Math.min(n - v, labeledPerClass + unlabeledPerClass);
            for (int k = 0; k < n; k++) {
                int idx = members.get(order[k]);
                if (k < labeledPerClass) {
                    lab.add(idx);
                } else if (k >= n - v) {
                    val.add(idx);
                } else if (k < unlabeledEnd) {
                    unl.add(idx);
                }
            }
        }
        return new ProtocolSplit(
                train.subset(lab.stream().mapToInt(Integer::intValue).toArray(), train.source() + " (labeled)"),
                train.subset(unl.stream().mapToInt(Integer::intValue).toArray(), train.source() + " (unlabeled)"),
                train.subset(val.stream().mapToInt(Integer::intValue).toArray(), train.source() + " (validation)"),
                notes);
    }
}
