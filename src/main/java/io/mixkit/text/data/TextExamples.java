package io.mixkit.text.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Labeled (or unlabeled) texts with where each came from ({@code file:line}), for messages.
 *
 * @param texts the texts
 * @param labels the label of each text as written in the file (null entries for unlabeled data)
 * @param origins {@code file:line} of each text
 * @param source the file or dataset name
 */
public record TextExamples(List<String> texts, List<String> labels, List<String> origins, String source) {

    /** @return the number of examples */
    public int size() {
        return texts.size();
    }

    /**
     * @param indices examples to keep, in this order
     * @param name the subset's name
     * @return the subset
     */
    public TextExamples subset(int[] indices, String name) {
        List<String> t = new ArrayList<>(indices.length);
        List<String> l = new ArrayList<>(indices.length);
        List<String> o = new ArrayList<>(indices.length);
        for (int i : indices) {
            t.add(texts.get(i));
            l.add(labels.get(i));
            o.add(origins.get(i));
        }
        return new TextExamples(t, l, o, name);
    }
}
