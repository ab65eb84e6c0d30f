package io.mixkit.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --resume refuses changed settings, but not an option MixKit gained after the run started. */
class RunFingerprintTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode facts(String options) throws Exception {
        ObjectNode f = JSON.createObjectNode().put("method", "mixtext");
        f.set("options", JSON.readTree(options));
        return f;
    }

    @Test
    void aNewOptionResumesAChangedOneDoesNot(@TempDir Path dir) throws Exception {
        RunFingerprint.check(dir, facts("{\"alpha\": 0.4, \"tsa\": \"none\"}"), false);
        assertDoesNotThrow(() -> RunFingerprint.check(dir, facts("{\"alpha\": 0.4, \"tsa\": \"none\", \"guess_refresh\": 0}"), true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFingerprint.check(dir, facts("{\"alpha\": 16, \"tsa\": \"none\", \"guess_refresh\": 0}"), true));
        assertTrue(e.getMessage().contains("used options {\"alpha\":0.4,\"tsa\":\"none\"}"), e.getMessage());
        // an option the saved run had and these settings lack is a change too
        assertThrows(IllegalArgumentException.class, () -> RunFingerprint.check(dir, facts("{\"alpha\": 0.4}"), true));
    }
}
