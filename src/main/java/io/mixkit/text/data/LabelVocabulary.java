package io.mixkit.text.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The classes of a task, in a fixed order: numeric labels sort numerically, others alphabetically.
 * Built from the training data; a label elsewhere that training never saw is an error naming it.
 */
public final class LabelVocabulary {

    private final List<String> labels;
    private final Map<String, Integer> index = new HashMap<>();

    /** @param labels the class names, in class-index order */
    public LabelVocabulary(List<String> labels) {
        this.labels = List.copyOf(labels);
        for (int i = 0; i < labels.size(); i++) {
            if (index.put(labels.get(i), i) != null) {
                throw new IllegalArgumentException("label '" + labels.get(i) + "' appears twice in the label list");
            }
        }
    }

    /**
     * @param examples labeled training examples
     * @return their classes
     */
    public static LabelVocabulary of(TextExamples examples) {
        boolean numeric = examples.labels().stream().allMatch(l -> l.matches("-?\\d+"));
        Comparator<String> order = numeric ? Comparator.comparingLong(Long::parseLong) : Comparator.naturalOrder();
        TreeSet<String> set = new TreeSet<>(order);
        set.addAll(examples.labels());
        if (set.size() < 2) {
            throw new IllegalArgumentException(examples.source() + ": needs at least 2 classes, found " + set);
        }
        return new LabelVocabulary(new ArrayList<>(set));
    }

    /** @return the class count */
    public int size() {
        return labels.size();
    }

    /** @param i a class index @return its name */
    public String name(int i) {
        return labels.get(i);
    }

    /** @return names in index order */
    public List<String> names() {
        return labels;
    }

    /**
     * @param examples labeled examples (training, validation or test)
     * @return the class index of each
     * @throws IllegalArgumentException naming the file, line and label that training never saw
     */
    public int[] indices(TextExamples examples) {
        int[] out = new int[examples.size()];
        for (int i = 0; i < out.length; i++) {
            String l = examples.labels().get(i);
            Integer k = l == null ? null : index.get(l);
            if (k == null) {
                throw new IllegalArgumentException(examples.origins().get(i) + ": label '" + l
                        + "' does not occur in the training data (classes: " + String.join(", ", labels) + ")");
            }
            out[i] = k;
        }
        return out;
    }
}
