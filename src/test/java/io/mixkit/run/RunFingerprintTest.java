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
    void aNewOptionAtItsDefaultResumesAChangedOneDoesNot(@TempDir Path dir) throws Exception {
        ObjectNode defaults = facts("{\"alpha\": 0.4, \"tsa\": \"none\", \"guess_refresh\": 0}");
        RunFingerprint.check(dir, facts("{\"alpha\": 0.4, \"tsa\": \"none\"}"), false, defaults);
        // guess_refresh came after the run started: at its default it is what the run had
        assertDoesNotThrow(() -> RunFingerprint.check(dir, facts("{\"alpha\": 0.4, \"tsa\": \"none\", \"guess_refresh\": 0}"),
                true, defaults));
        // set to another value it would change the run
        assertThrows(IllegalArgumentException.class, () -> RunFingerprint.check(dir,
                facts("{\"alpha\": 0.4, \"tsa\": \"none\", \"guess_refresh\": 500}"), true, defaults));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFingerprint.check(dir, facts("{\"alpha\": 16, \"tsa\": \"none\", \"guess_refresh\": 0}"), true, defaults));
        assertTrue(e.getMessage().contains("used options {\"alpha\":0.4,\"tsa\":\"none\"}"), e.getMessage());
        // an option the saved run had and these settings lack is a change too
        assertThrows(IllegalArgumentException.class, () -> RunFingerprint.check(dir, facts("{\"alpha\": 0.4}"), true, defaults));
    }
}
