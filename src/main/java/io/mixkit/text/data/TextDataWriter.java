package io.mixkit.text.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes labeled texts as CSV ({@code text,label}) or JSON Lines ({@code {"text": ..., "label": ...}}). */
public final class TextDataWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TextDataWriter() {}

    /**
     * @param file destination; the format follows the extension (.csv or .jsonl)
     * @param examples what to write
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, TextExamples examples) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (file.toString().endsWith(".csv")) {
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("text", "label").get())) {
                    for (int i = 0; i < examples.size(); i++) {
                        p.printRecord(examples.texts().get(i), examples.labels().get(i));
                    }
                }
            } else {
                for (int i = 0; i < examples.size(); i++) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("text", examples.texts().get(i));
                    o.put("label", examples.labels().get(i));
                    w.write(JSON.writeValueAsString(o));
                    w.write('\n');
                }
            }
        }
    }
}
