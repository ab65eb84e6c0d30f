package io.mixkit.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one text per line, strictly as UTF-8: a line that is empty or not valid UTF-8 is an error
 * naming its line number, never skipped or silently repaired.
 */
final class StdinLines {

    private final BufferedReader reader;
    private final String what;
    private int lineNumber;

    StdinLines(InputStream in, String what) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)));
        this.what = what;
    }

    /** @return the next line, or null at the end */
    String next() throws IOException {
        String line;
        try {
            line = reader.readLine();
        } catch (CharacterCodingException e) {
            throw new IOException(what + " line " + (lineNumber + 1) + ": not valid UTF-8");
        }
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (line.isBlank()) {
            throw new IOException(what + " line " + lineNumber + " is empty: expected one text per line");
        }
        return line;
    }

    int lineNumber() {
        return lineNumber;
    }
}
