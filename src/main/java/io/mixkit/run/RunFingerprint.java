package io.mixkit.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * What a run trains with beyond the loop's {@code TrainConfig} (which the saved state already checks): the
 * method and its options, the model, the precision, the token budget. Written to {@code state/run.json} when a
 * run starts; {@code --resume} refuses settings that differ, as it does a different loop configuration, since
 * a resumed run must end where the uninterrupted one would. An option the saved run lacks (one MixKit
 * gained after the run started, so that the run had its default) matches only while it is still at that default.
 */
final class RunFingerprint {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFingerprint() {}

    /**
     * @param stateDir the run's state folder
     * @param facts the settings to keep equal across a resume
     * @param resume whether this is a resumed run
     * @param defaults the defaults of {@code facts}'s keys where known (the method's options under "options"), to
     *     compare an option the saved run lacks with
     * @throws IOException if the file cannot be read or written
     */
    static void check(Path stateDir, ObjectNode facts, boolean resume, ObjectNode defaults) throws IOException {
        Path file = stateDir.resolve("run.json");
        if (resume && Files.isRegularFile(file)) {
            ObjectNode saved = (ObjectNode) JSON.readTree(file.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = facts.fields(); it.hasNext(); ) {
                var e = it.next();
                if (saved.has(e.getKey()) && !same(saved.get(e.getKey()), e.getValue(), defaults.path(e.getKey()))) {
                    throw new IllegalArgumentException("cannot resume: the run in " + stateDir.getParent() + " used "
                            + e.getKey() + " " + saved.get(e.getKey()) + ", these settings say " + e.getValue());
                }
            }
            return;
        }
        Files.createDirectories(stateDir);
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), facts);
    }

    /** Equal, where a key of an object that the saved side lacks counts as equal while it holds its default. */
    static boolean same(JsonNode saved, JsonNode now, JsonNode defaults) {
        if (!saved.isObject() || !now.isObject()) {
            return saved.equals(now);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = saved.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!now.has(e.getKey()) || !same(e.getValue(), now.get(e.getKey()), defaults.path(e.getKey()))) {
                return false;
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!saved.has(e.getKey()) && !e.getValue().equals(defaults.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
