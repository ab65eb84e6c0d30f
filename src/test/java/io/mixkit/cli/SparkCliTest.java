package io.mixkit.cli;

import io.mixkit.text.data.EmbeddedDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mixkit spark augment} end to end on local[2]: the part files, read in order, are the single-process output. */
class SparkCliTest {

    @TempDir
    Path tmp;

    @Test
    void augmentWritesTheSingleProcessLinesInOrder() throws Exception {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(EmbeddedDatasets.defaultSplit("test")).subList(1, 31)) {
            texts.add(line.substring(0, line.lastIndexOf(',')).replace("\"", ""));
        }
        Path in = Files.write(tmp.resolve("in.txt"), texts);
        Path single = tmp.resolve("single.jsonl");
        assertEquals(0, CliErrorsTest.run("", "augment", "--method", "eda", "--k", "3", "--in", in.toString(), "--out",
                single.toString()).code());
        Path out = tmp.resolve("spark-out");
        CliErrorsTest.Result r = CliErrorsTest.run("", "spark", "augment", "--method", "eda", "--k", "3", "--in", in.toString(), "--out",
                out.toString(), "--master", "local[2]", "--partitions", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("spark augment: 30 rows in"), r.err());
        List<String> got = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                got.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(Files.readAllLines(single), got);

        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "spark", "augment", "--method", "eda", "--in", in.toString(), "--out", out.toString()),
                "--out " + out + ": already exists");
        Path bad = Files.write(tmp.resolve("bad.jsonl"), List.of("{\"text\": \"fine\"}", "{\"text\": 3}", "{\"text\": \"x\"}"));
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "spark", "augment", "--method", "eda", "--in", bad.toString(), "--out",
                tmp.resolve("o2").toString(), "--master", "local[2]"), "spark augment: " + bad + ":2: expected a JSON object with a non-empty \"text\" string");
        Path kept = tmp.resolve("kept");
        CliErrorsTest.Result k = CliErrorsTest.run("", "spark", "augment", "--method", "eda", "--in", bad.toString(), "--out", kept.toString(),
                "--master", "local[2]", "--rejects", tmp.resolve("rejects").toString(), "--out-format", "parquet");
        assertEquals(0, k.code(), k.err());
        assertTrue(k.err().contains("spark augment: 2 rows in") && k.err().contains("1 malformed rows set aside"), k.err());
        List<String> rejected = new ArrayList<>();
        try (Stream<Path> parts = Files.list(tmp.resolve("rejects"))) {
            for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                rejected.addAll(Files.readAllLines(p));
            }
        }
        assertEquals(List.of(bad + ":2: expected a JSON object with a non-empty \"text\" string"), rejected);
        try (Stream<Path> parts = Files.list(kept)) {
            assertTrue(parts.anyMatch(p -> p.getFileName().toString().endsWith(".parquet")), "parquet part files");
        }
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "spark", "predict", "--checkpoint", tmp.resolve("none").toString(),
                "--in", in.toString(), "--out", tmp.resolve("o3").toString()), "--checkpoint " + tmp.resolve("none"));
    }
}
