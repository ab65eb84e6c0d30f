package io.mixkit.text.augment;

import io.mixkit.mix.Seeds;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.unlabeled.FilePool;
import io.mixkit.text.unlabeled.UnlabeledViews;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The augmenters are seeded and reproducible, change what they should, and bad unlabeled input is named. */
class AugmentersTest {

    static final String TEXT = "The food was good but the service was slow and the waiter forgot our drinks.";

    @Test
    void edaIsSeededAndUsesWordNet() {
        Eda eda = new Eda(0.1);
        List<String> a = eda.augment(TEXT, 4, Seeds.random(1));
        List<String> b = eda.augment(TEXT, 4, Seeds.random(1));
        List<String> c = eda.augment(TEXT, 4, Seeds.random(2));
        assertEquals(a, b, "same seed, same views");
        assertNotEquals(a, c);
        assertEquals(4, a.size());
        List<String> words = Eda.words(TEXT);
        // View 0 is synonym replacement: same length, at least one word is a WordNet synonym of the original.
        List<String> sr = List.of(a.get(0).split(" "));
        int changed = 0;
        for (int i = 0; i < Math.min(words.size(), sr.size()); i++) {
            if (!words.get(i).equals(sr.get(i))) {
                changed++;
            }
        }
        assertTrue(changed >= 1, a.get(0));
        assertTrue(eda.synonyms("good").contains("beneficial"), eda.synonyms("good").toString());
        assertTrue(eda.synonyms("slow").contains("dull"), eda.synonyms("slow").toString());
        // View 3 is random deletion: never longer.
        assertTrue(a.get(3).split(" ").length <= words.size());
    }

    @Test
    void randomSwapAndDeletionByHand() {
        List<String> w = List.of("a", "b", "c", "d");
        List<String> swapped = Eda.randomSwap(w, 1, Seeds.random(3));
        assertEquals(List.of("a", "b", "c", "d"), swapped.stream().sorted().toList(), "a swap keeps the words");
        List<String> none = Eda.randomDeletion(w, 0.999999, Seeds.random(3));
        assertEquals(1, none.size(), "deleting everything keeps one random word");
    }

    @Test
    void tfIdfReplacesUninformativeWordsMoreOften() throws Exception {
        List<String> corpus = TextDataReader.read(EmbeddedDatasets.defaultSplit("train"), "text", "label").texts();
        TfIdfReplacement t = new TfIdfReplacement(corpus, 0.3);
        assertTrue(t.idf("the") < t.idf("waiter"), "common words have low IDF");
        int keptKeyword = 0;
        int keptThe = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            List<String> v = List.of(t.augment(TEXT, 1, Seeds.random(i)).get(0).split(" "));
            keptKeyword += v.contains("waiter") ? 1 : 0;
            keptThe += v.get(0).equals("the") ? 1 : 0;
        }
        assertTrue(keptKeyword > keptThe, "waiter kept " + keptKeyword + " times, the leading 'the' " + keptThe);
        assertEquals(t.augment(TEXT, 3, Seeds.random(9)), t.augment(TEXT, 3, Seeds.random(9)));
    }

    @Test
    void cacheReusesViewsAcrossRuns(@TempDir Path dir) throws Exception {
        List<String> first;
        try (AugmentationCache c = new AugmentationCache(dir, new Eda(0.1), 2, 7)) {
            first = c.views(TEXT);
            assertEquals(1, c.computed());
        }
        try (AugmentationCache c = new AugmentationCache(dir, new Eda(0.1), 2, 7)) {
            assertEquals(first, c.views(TEXT));
            assertEquals(0, c.computed(), "read from disk, not recomputed");
        }
    }

    @Test
    void badUnlabeledFilesAreNamed(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertEquals(empty + ": the unlabeled file is empty",
                assertThrows(IOException.class, () -> FilePool.open(empty, "text")).getMessage());
        Path latin = dir.resolve("latin1.txt");
        Files.write(latin, "fine\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(latin + ":2: not valid UTF-8 (re-encode the file as UTF-8)",
                assertThrows(IOException.class, () -> FilePool.open(latin, "text")).getMessage());
        Path blank = dir.resolve("blank.txt");
        Files.writeString(blank, "one\n\nthree\n");
        assertEquals(blank + ":2: empty line (one text per line expected)",
                assertThrows(IOException.class, () -> FilePool.open(blank, "text")).getMessage());
    }

    @Test
    void paraphrasesWithTooFewViewsAreACountedFallback(@TempDir Path dir) throws Exception {
        Path unl = dir.resolve("u.txt");
        Files.writeString(unl, "first text\nsecond text\nthird text\n");
        Path para = dir.resolve("para.jsonl");
        Files.writeString(para, "{\"text\": \"first text\", \"augmentations\": [\"1a\", \"1b\"]}\n"
                + "{\"text\": \"second text\", \"augmentations\": [\"2a\"]}\n");
        try (FilePool pool = FilePool.open(unl, "text")) {
            UnlabeledViews v = new UnlabeledViews(pool, ParaphraseFile.read(para), null, 2);
            assertEquals(List.of("1a", "1b"), v.views(0));
            assertEquals(List.of("2a", "second text"), v.views(1));
            assertEquals(List.of("third text", "third text"), v.views(2));
            v.views(2);
            assertEquals(2, v.fallbackRows());
            assertEquals(3, v.missingViews(), "1 missing view for the second text, 2 for the third");
        }
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"text\": \"x\", \"augmentations\": [\"y\"]}\n{\"text\": \"z\"}\n");
        assertEquals(bad + ":2: expected {\"text\": ..., \"augmentations\": [...]}",
                assertThrows(IOException.class, () -> ParaphraseFile.read(bad)).getMessage());
    }

    @Test
    void jsonlPoolIsReadByRandomAccess(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("u.jsonl");
        Files.writeString(f, "{\"text\": \"caf\u00e9 one\", \"augmentations\": [\"a\", \"b\"]}\n{\"text\": \"two\"}\n",
                StandardCharsets.UTF_8);
        try (FilePool p = FilePool.open(f, "text")) {
            assertEquals(2, p.size());
            assertEquals("two", p.text(1));
            assertEquals("caf\u00e9 one", p.text(0));
            assertEquals(List.of("a", "b"), p.suppliedViews(0));
            assertEquals(List.of(), p.suppliedViews(1));
        }
    }

    @Tag("large")
    @Test
    void maskedLmSubstitutionWithBertBase() throws Exception {
        try (TextModel bert = TextModel.load("bert-base-uncased", true)) {
            MaskedLmSubstitution mlm = new MaskedLmSubstitution(bert, 0.15, 10, 64);
            List<String> a = mlm.augment(TEXT, 3, Seeds.random(4));
            assertEquals(a, mlm.augment(TEXT, 3, Seeds.random(4)));
            for (String v : a) {
                assertNotEquals(TEXT.toLowerCase(), v);
                assertTrue(v.contains("waiter") || v.contains("service") || v.contains("food"), v);
            }
        }
    }
}
