package io.mixkit.text.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Paraphrases made elsewhere (back-translations, as the MixText paper used): JSON Lines
 * {@code {"text": ..., "augmentations": [...]}}, looked up by the exact text. Malformed lines are
 * errors naming the line; texts without an entry or with too few views are the caller's counted
 * fallback.
 */
public final class ParaphraseFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, List<String>> byHash = new HashMap<>();

    private ParaphraseFile(Path file) {
        this.file = file;
    }

    /**
     * @param file the JSON Lines file
     * @return the paraphrases by text
     * @throws IOException naming the file and line of a malformed entry
     */
    public static ParaphraseFile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": paraphrase file not found");
        }
        ParaphraseFile p = new ParaphraseFile(file);
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            int lineNo = 0;
            for (String line; (line = readLine(r, file, lineNo + 1)) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + ":" + lineNo + ": malformed JSON");
                }
                if (!n.path("text").isTextual() || !n.path("augmentations").isArray()) {
                    throw new IOException(file + ":" + lineNo + ": expected {\"text\": ..., \"augmentations\": [...]}");
                }
                List<String> v = new ArrayList<>();
                n.path("augmentations").forEach(x -> {
                    if (x.isTextual() && !x.asText().isBlank()) {
                        v.add(x.asText());
                    }
                });
                p.byHash.put(AugmentationCache.hash(n.path("text").asText()), v);
            }
        }
        if (p.byHash.isEmpty()) {
            throw new IOException(file + ": holds no paraphrases");
        }
        return p;
    }

    private static String readLine(BufferedReader r, Path file, int lineNo) throws IOException {
        try {
            return r.readLine();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ": not valid UTF-8 near line " + lineNo);
        }
    }

    /**
     * @param text an unlabeled text
     * @return its paraphrases, empty if the file has none for it
     */
    public List<String> views(String text) {
        return byHash.getOrDefault(AugmentationCache.hash(text), List.of());
    }

    /** @return the file */
    public Path file() {
        return file;
    }
}
