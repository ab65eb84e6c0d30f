package io.mixkit.text.augment;

import org.apache.commons.rng.UniformRandomProvider;

import java.util.List;

/** Makes K altered views of a text. */
public interface Augmenter {

    /** @return an identifier of the method and its settings (part of the cache key) */
    String id();

    /**
     * @param text the original
     * @param k how many views
     * @param rng the text's own seeded source
     * @return exactly {@code k} views
     */
    List<String> augment(String text, int k, UniformRandomProvider rng);
}
