package io.mixkit.text.data;

import io.mixkit.text.TextTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading CSV/TSV/JSONL strictly, the label vocabulary, and the MixText protocol split, on the embedded real data. */
class TextDataTest {

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    IOException readFails(Path f) {
        return assertThrows(IOException.class, () -> TextDataReader.read(f, "text", "label"));
    }

    @Test
    void readsTheThreeFormatsAlike() throws Exception {
        TextExamples csv = TextDataReader.read(write("a.csv", "text,label\n\"Good case, Excellent value.\",positive\n"
                + "\"multi\nline\",negative\n"), "text", "label");
        TextExamples tsv = TextDataReader.read(write("a.tsv", "label\ttext\npositive\tGood case, Excellent value.\n"),
                "text", "label");
        TextExamples jsonl = TextDataReader.read(write("a.jsonl",
                "{\"text\": \"Good case, Excellent value.\", \"label\": \"positive\"}\n{\"text\": \"x\", \"label\": 3}\n"),
                "text", "label");
        assertEquals(List.of("Good case, Excellent value.", "multi\nline"), csv.texts());
        assertEquals(List.of("positive", "negative"), csv.labels());
        assertEquals(csv.texts().get(0), tsv.texts().get(0));
        assertEquals(csv.texts().get(0), jsonl.texts().get(0));
        assertEquals("3", jsonl.labels().get(1));
        assertTrue(csv.origins().get(1).endsWith("a.csv:3"), csv.origins().get(1));
    }

    @Test
    void malformedCsvRowNamesFileAndLine() throws Exception {
        Path f = write("bad.csv", "text,label\nfine,positive\n\"unterminated,negative\nmore,positive\n");
        IOException e = readFails(f);
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed row"), e.getMessage());
        Path cols = write("cols.csv", "text,label\nfine,positive\ntoo,many,columns\n");
        assertEquals(cols + ":3: expected 2 columns, found 3", readFails(cols).getMessage());
        Path missing = write("nocol.csv", "sentence,label\nx,positive\n");
        assertEquals(missing + ": no column 'text' (columns: sentence, label)", readFails(missing).getMessage());
    }

    @Test
    void emptyTextIsAnErrorNamingTheLine() throws Exception {
        Path f = write("empty.csv", "text,label\nfine,positive\n   ,negative\n");
        assertEquals(f + ":3: empty text", readFails(f).getMessage());
        Path j = write("empty.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"\", \"label\": \"b\"}\n");
        assertEquals(j + ":2: empty text", readFails(j).getMessage());
    }

    @Test
    void nonUtf8BytesNameTheLine() throws Exception {
        Path f = dir.resolve("latin1.csv");
        byte[] head = "text,label\nfine,positive\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = "caf\u00e9,negative\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        Files.write(f, all);
        assertEquals(f + ":3: not valid UTF-8 (re-encode the file as UTF-8)", readFails(f).getMessage());
    }

    @Test
    void labelNeverSeenInTrainingIsNamed() throws Exception {
        TextExamples train = TextDataReader.read(write("t.csv", "text,label\na,pos\nb,neg\n"), "text", "label");
        Path testFile = write("test.csv", "text,label\nc,pos\nd,neutral\n");
        TextExamples test = TextDataReader.read(testFile, "text", "label");
        LabelVocabulary v = LabelVocabulary.of(train);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.indices(test));
        assertEquals(testFile + ":3: label 'neutral' does not occur in the training data (classes: neg, pos)",
                e.getMessage());
    }

    @Test
    void numericLabelsSortNumerically() throws Exception {
        TextExamples t = TextDataReader.read(write("n.csv", "text,label\na,10\nb,9\nc,2\n"), "text", "label");
        assertEquals(List.of("2", "9", "10"), LabelVocabulary.of(t).names());
    }

    @Test
    void protocolSplitOnTheEmbeddedData() throws Exception {
        TextExamples train = TextDataReader.read(EmbeddedDatasets.defaultSplit("train"), "text", "label");
        LabelVocabulary v = LabelVocabulary.of(train);
        ProtocolSplit a = ProtocolSplit.sample(train, v, 10, 300, 50, 42);
        ProtocolSplit b = ProtocolSplit.sample(train, v, 10, 300, 50, 42);
        ProtocolSplit c = ProtocolSplit.sample(train, v, 10, 300, 50, 43);
        assertEquals(20, a.labeled().size());
        assertEquals(600, a.unlabeled().size());
        assertEquals(100, a.validation().size());
        assertEquals(a.labeled().texts(), b.labeled().texts(), "same seed, same sample");
        assertTrue(!a.labeled().texts().equals(c.labeled().texts()), "another seed, another sample");
        long pos = a.labeled().labels().stream().filter("positive"::equals).count();
        assertEquals(10, pos);
        Set<String> seen = new HashSet<>();
        for (TextExamples part : List.of(a.labeled(), a.unlabeled(), a.validation())) {
            for (String origin : part.origins()) {
                assertTrue(seen.add(origin), "example " + origin + " is in two parts");
            }
        }
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> ProtocolSplit.sample(train, v, 1001, 0, 0, 42));
        assertTrue(small.getMessage().endsWith("class 'negative' has 1000 training examples, fewer than --labels-per-class 1001"),
                small.getMessage());
        ProtocolSplit capped = ProtocolSplit.sample(train, v, 990, 0, 2000, 42);
        assertEquals(20, capped.validation().size());
        assertEquals(2, capped.notes().size());
    }

    @Test
    void megabyteDocumentIsCutAndCounted() throws Exception {
        String big = "word ".repeat(210_000); // about 1 MB
        Path f = write("big.jsonl", "{\"text\": \"" + big + "\", \"label\": \"a\"}\n{\"text\": \"short\", \"label\": \"b\"}\n");
        TextExamples ex = TextDataReader.read(f, "text", "label");
        assertEquals(1_050_000, ex.texts().get(0).length());
        try (TextTokenizer tok = TextTokenizer.fromTokenizerJson(
                io.mixkit.text.ModelFetcher.resolve(io.mixkit.text.ModelCatalogue.find("minilm-l6").orElseThrow())
                        .resolve("tokenizer.json"))) {
            TextBatchSource src = new TextBatchSource(ex, new int[] {0, 1}, tok, 64);
            var batch = src.inputs(new int[] {0, 1});
            assertEquals(64, batch.length());
            assertEquals(1, src.truncatedCount());
            src.inputs(new int[] {1, 0});
            assertEquals(1, src.truncatedCount(), "each text is counted once");
        }
    }
}
