package io.mixkit.text.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads labeled texts from CSV ({@code .csv}), TSV ({@code .tsv}) or JSON Lines ({@code .jsonl},
 * {@code .json}) with named text and label columns. Strict: bytes that are not UTF-8, a malformed
 * row, a missing column, an empty text or label are errors naming the file and line; nothing is
 * skipped silently.
 */
public final class TextDataReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TextDataReader() {}

    /**
     * @param file the data file
     * @param textColumn the column (CSV/TSV header name, JSON key) holding the text
     * @param labelColumn the column holding the label, or null to read texts only (unlabeled data)
     * @return the examples
     * @throws IOException naming the file and line of the first problem
     */
    public static TextExamples read(Path file, String textColumn, String labelColumn) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": data file not found");
        }
        String content = decodeStrictly(file);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        TextExamples ex;
        if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
            ex = readJsonLines(file, content, textColumn, labelColumn);
        } else if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            ex = readDelimited(file, content, CSVFormat.TDF, textColumn, labelColumn);
        } else if (name.endsWith(".csv")) {
            ex = readDelimited(file, content, CSVFormat.DEFAULT, textColumn, labelColumn);
        } else {
            throw new IOException(file + ": unknown data format; expected .csv, .tsv or .jsonl");
        }
        if (ex.size() == 0) {
            throw new IOException(file + ": holds no examples");
        }
        return ex;
    }

    static String decodeStrictly(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String s = dec.decode(ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            int line = 1;
            int start = 0;
            for (int i = 0; i <= bytes.length; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    try {
                        dec.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                    } catch (CharacterCodingException bad) {
                        throw new IOException(file + ":" + line + ": not valid UTF-8 (re-encode the file as UTF-8)");
                    }
                    line++;
                    start = i + 1;
                }
            }
            throw new IOException(file + ": not valid UTF-8");
        }
    }

    private static TextExamples readDelimited(Path file, String content, CSVFormat base, String textColumn,
                                              String labelColumn) throws IOException {
        CSVFormat format = base.builder().setHeader().setSkipHeaderRecord(true).get();
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        try (CSVParser p = CSVParser.parse(new StringReader(content), format)) {
            List<String> header = p.getHeaderNames();
            requireColumn(file, header, textColumn);
            if (labelColumn != null) {
                requireColumn(file, header, labelColumn);
            }
            long line = 2;
            for (var it = p.iterator(); ; ) {
                CSVRecord r;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    r = it.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new IOException(file + ":" + (p.getCurrentLineNumber() + 1) + ": malformed row ("
                            + rootMessage(e) + ")");
                }
                String where = file + ":" + line;
                if (r.size() != header.size()) {
                    throw new IOException(where + ": expected " + header.size() + " columns, found " + r.size());
                }
                add(where, r.get(textColumn), labelColumn == null ? null : r.get(labelColumn), texts, labels, origins);
                line = p.getCurrentLineNumber() + 1;
            }
        }
        return new TextExamples(texts, labels, origins, file.toString());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static void requireColumn(Path file, List<String> header, String column) throws IOException {
        if (!header.contains(column)) {
            throw new IOException(file + ": no column '" + column + "' (columns: " + String.join(", ", header) + ")");
        }
    }

    private static TextExamples readJsonLines(Path file, String content, String textColumn, String labelColumn)
            throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty()) {
                if (i == lines.length - 1) {
                    continue; // the newline that ends the file
                }
                throw new IOException(where + ": empty line (JSON Lines needs one object per line)");
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IOException(where + ": malformed JSON (" + e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source.*$", "") + ")");
            }
            if (n == null || !n.isObject()) {
                throw new IOException(where + ": expected a JSON object");
            }
            JsonNode t = n.get(textColumn);
            if (t == null || !t.isTextual()) {
                throw new IOException(where + ": no text field '" + textColumn + "'");
            }
            String label = null;
            if (labelColumn != null) {
                JsonNode l = n.get(labelColumn);
                if (l == null || l.isNull() || l.isContainerNode()) {
                    throw new IOException(where + ": no label field '" + labelColumn + "'");
                }
                label = l.asText();
            }
            add(where, t.asText(), label, texts, labels, origins);
        }
        return new TextExamples(texts, labels, origins, file.toString());
    }

    private static void add(String where, String text, String label, List<String> texts, List<String> labels,
                            List<String> origins) throws IOException {
        if (text == null || text.isBlank()) {
            throw new IOException(where + ": empty text");
        }
        if (label != null && label.isBlank()) {
            throw new IOException(where + ": empty label");
        }
        texts.add(text);
        labels.add(label == null ? null : label.strip());
        origins.add(where);
    }
}
