package io.mixkit.text.unlabeled;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unlabeled texts in a file too large to hold: one pass records where each line starts (8 bytes a
 * line), then texts are read by random access. Plain text ({@code .txt}: one text per line) or JSON
 * Lines ({@code .jsonl}: {@code {"text": ..., "augmentations": [...]}}, the paraphrase format, optionally
 * with {@code "guess": {class: probability}}, a precomputed label guess as {@code mixkit spark guess}
 * writes it). The indexing pass checks every line: not UTF-8, empty, malformed JSON, or a guess that is
 * not a probability vector is an error naming the line, as is a file where some texts have a guess and
 * others not; nothing is skipped silently.
 */
public final class FilePool implements UnlabeledPool {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final boolean jsonl;
    private final String textField;
    private final long[] starts;
    private final int[] lengths;
    private final FileChannel channel;

    private final boolean guesses;

    private FilePool(Path file, boolean jsonl, String textField, long[] starts, int[] lengths, boolean guesses)
            throws IOException {
        this.file = file;
        this.guesses = guesses;
        this.jsonl = jsonl;
        this.textField = textField;
        this.starts = starts;
        this.lengths = lengths;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * @param file a .txt or .jsonl file
     * @param textField the JSON key of the text (JSON Lines only)
     * @return the indexed pool
     * @throws IOException naming the file and line of the first bad line, or if the file is empty
     */
    public static FilePool open(Path file, String textField) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": unlabeled file not found");
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        long[] starts = new long[1024];
        int[] lengths = new int[1024];
        int n = 0;
        long pos = 0;
        int lineNo = 0;
        int guessed = 0;
        int firstUnguessed = 0;
        java.util.Set<String> classes = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                line.reset();
                long start = pos;
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                    pos++;
                }
                if (b == -1 && line.size() == 0) {
                    break;
                }
                if (b == '\n') {
                    pos++;
                }
                lineNo++;
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                String s;
                try {
                    s = dec.reset().decode(ByteBuffer.wrap(bytes, 0, len)).toString();
                } catch (CharacterCodingException e) {
                    throw new IOException(file + ":" + lineNo + ": not valid UTF-8 (re-encode the file as UTF-8)");
                }
                if (s.isBlank()) {
                    throw new IOException(file + ":" + lineNo + ": empty line (one text per line expected)");
                }
                if (jsonl) {
                    JsonNode node = parse(file, lineNo, s, textField);
                    if (node.has("guess")) {
                        java.util.Set<String> these = guess(file, lineNo, node).keySet();
                        if (classes == null) {
                            classes = these;
                        } else if (!classes.equals(these)) {
                            throw new IOException(file + ":" + lineNo + ": the guess is over classes " + these
                                    + ", line 1's over " + classes + " (guesses of different checkpoints?)");
                        }
                        guessed++;
                    } else if (firstUnguessed == 0) {
                        firstUnguessed = lineNo;
                    }
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                }
                starts[n] = start;
                lengths[n] = len;
                n++;
            }
        }
        if (n == 0) {
            throw new IOException(file + ": the unlabeled file is empty");
        }
        if (guessed > 0 && guessed < n) {
            throw new IOException(file + ":" + firstUnguessed + ": no \"guess\" field, though " + guessed + " of the " + n
                    + " texts have one (precomputed guesses are used for all texts or none)");
        }
        return new FilePool(file, jsonl, textField, Arrays.copyOf(starts, n), Arrays.copyOf(lengths, n), guessed > 0);
    }

    private static Map<String, Double> guess(Path file, int lineNo, JsonNode node) throws IOException {
        JsonNode g = node.get("guess");
        if (!g.isObject() || g.isEmpty()) {
            throw new IOException(file + ":" + lineNo + ": \"guess\" must be an object of class: probability");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double sum = 0;
        for (var it = g.fields(); it.hasNext(); ) {
            var e = it.next();
            double v = e.getValue().asDouble(Double.NaN);
            if (!e.getValue().isNumber() || !(v >= 0 && v <= 1)) {
                throw new IOException(file + ":" + lineNo + ": guess for class '" + e.getKey() + "' is " + e.getValue()
                        + ", expected a probability in [0, 1]");
            }
            out.put(e.getKey(), v);
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-3) {
            throw new IOException(file + ":" + lineNo + ": guess sums to " + sum + ", expected 1");
        }
        return out;
    }

    private static JsonNode parse(Path file, int lineNo, String s, String field) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (IOException e) {
            throw new IOException(file + ":" + lineNo + ": malformed JSON");
        }
        if (node == null || !node.path(field).isTextual() || node.path(field).asText().isBlank()) {
            throw new IOException(file + ":" + lineNo + ": no text in field '" + field + "'");
        }
        return node;
    }

    private String line(int index) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(lengths[index]);
        channel.read(b, starts[index]);
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    @Override
    public int size() {
        return starts.length;
    }

    @Override
    public String text(int index) throws IOException {
        String s = line(index);
        return jsonl ? parse(file, index + 1, s, textField).path(textField).asText() : s;
    }

    @Override
    public List<String> suppliedViews(int index) throws IOException {
        if (!jsonl) {
            return List.of();
        }
        JsonNode aug = parse(file, index + 1, line(index), textField).path("augmentations");
        List<String> views = new ArrayList<>();
        if (aug.isArray()) {
            for (JsonNode v : aug) {
                if (v.isTextual() && !v.asText().isBlank()) {
                    views.add(v.asText());
                }
            }
        }
        return views;
    }

    @Override
    public boolean hasGuesses() {
        return guesses;
    }

    @Override
    public Map<String, Double> suppliedGuess(int index) throws IOException {
        if (!guesses) {
            return Map.of();
        }
        return guess(file, index + 1, parse(file, index + 1, line(index), textField));
    }

    @Override
    public String source() {
        return file.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
