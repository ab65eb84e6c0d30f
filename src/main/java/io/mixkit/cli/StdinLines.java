package io.mixkit.cli;

import io.mixkit.text.SortedBatches;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one text per line, strictly as UTF-8: a line that is empty or not valid UTF-8 is an error
 * naming its line number, never skipped or silently repaired. Lines are split on bytes first, so
 * the line number of a bad byte is exact.
 */
final class StdinLines {

    private final InputStream in;
    private final String what;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int lineNumber;
    private String pending;

    StdinLines(InputStream in, String what) {
        this.in = new BufferedInputStream(in, 1 << 16);
        this.what = what;
    }

    /**
     * Reads the first line now (before a model loads), so that empty input or a bad first line is
     * reported at once; {@link #next} returns it first.
     *
     * @return this
     * @throws IOException if there is no line, or the first is empty or not UTF-8
     */
    StdinLines requireFirstLine() throws IOException {
        pending = next();
        if (pending == null) {
            throw new IllegalArgumentException(what + " is empty: expected one text per line");
        }
        return this;
    }

    /** @return the next line without its terminator, or null at the end */
    String next() throws IOException {
        if (pending != null) {
            String p = pending;
            pending = null;
            return p;
        }
        line.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(what + " line " + lineNumber + ": not valid UTF-8");
        }
        if (text.isBlank()) {
            throw new IOException(what + " line " + lineNumber + " is empty: expected one text per line");
        }
        return text;
    }

    /**
     * Reads every line and hands them over in batches of similar length: each window of
     * {@code sortWindow} batches is sorted longest first (less padding), and the outputs are written
     * in the input's order once the window is done. An input without any line is an error.
     *
     * @param batchSize lines per batch
     * @param sortWindow batches per sorting window (1: batches in input order)
     * @param handler what to do with each batch
     * @param out where the outputs go, in input order
     * @return lines read
     * @throws Exception from reading or from the handler
     */
    int forEachBatch(int batchSize, int sortWindow, SortedBatches.Handler handler, PrintWriter out) throws Exception {
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        List<String> window = new ArrayList<>();
        int count = 0;
        for (String line; (line = next()) != null; ) {
            window.add(line);
            if (window.size() == (int) Math.min(Integer.MAX_VALUE, (long) batchSize * sortWindow)) {
                run(window, batchSize, handler, out);
                count += window.size();
                window = new ArrayList<>();
            }
        }
        if (!window.isEmpty()) {
            run(window, batchSize, handler, out);
            count += window.size();
        }
        if (count == 0) {
            throw new IllegalArgumentException(what + " is empty: expected one text per line");
        }
        return count;
    }

    private static void run(List<String> window, int batchSize, SortedBatches.Handler handler, PrintWriter out)
            throws Exception {
        for (String r : SortedBatches.run(window, batchSize, handler)) {
            out.println(r);
        }
    }
}
