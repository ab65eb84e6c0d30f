package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.text.strategy.LabelSmoothing;
import io.mixkit.text.strategy.TextMethods;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new method is one file ({@link LabelSmoothing}) and one registry line: once registered, the command
 * line accepts it with its options (a flag-less {@code -O} key, a preset's {@code methods} section),
 * {@code mixkit methods} lists it, errors name its options, and {@code report.json} records them.
 */
class AddAMethodTest {

    @TempDir
    static Path tmp;
    static Path train;
    static Path test;

    @BeforeAll
    static void register() throws Exception {
        if (!TextMethods.REGISTRY.contains(LabelSmoothing.METHOD.name())) {
            TextMethods.REGISTRY.register(LabelSmoothing.METHOD); // the one line
        }
        List<String> all = Files.readAllLines(EmbeddedDatasets.defaultSplit("train"));
        train = tmp.resolve("train.csv");
        test = tmp.resolve("test.csv");
        Files.write(train, all.subList(0, 33));
        List<String> testRows = new java.util.ArrayList<>(List.of(all.get(0)));
        testRows.addAll(all.subList(33, 53));
        Files.write(test, testRows);
    }

    @AfterAll
    static void unregister() {
        TextMethods.REGISTRY.remove(LabelSmoothing.METHOD.name()); // the other tests see the built-in list
    }

    @Test
    void theCommandLineTrainsItWithItsOptions() throws Exception {
        Path out = tmp.resolve("run");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--method", "label-smoothing", "-O", "smoothing=0.25",
                "--train", train.toString(), "--test", test.toString(), "--batch-size", "8", "--max-steps", "2",
                "--max-length", "32", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("label-smoothing", report.path("method").asText());
        assertEquals(0.25, report.path("mix").path("smoothing").asDouble());
        assertEquals(2, report.path("training").path("steps").asInt());
    }

    @Test
    void presetsAndErrorsKnowItsOptions() throws Exception {
        Path preset = tmp.resolve("smooth.json");
        Files.writeString(preset, "{\"method\": \"label-smoothing\", \"methods\": {\"label-smoothing\": {\"smoothing\": 1.5}}}");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "train", "--preset", preset.toString(),
                "--out", tmp.resolve("bad").toString()),
                "label-smoothing: smoothing must be in [0, 1), got 1.5 (from preset " + preset);
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "train", "--method", "label-smoothing", "--alpha", "2",
                "--out", tmp.resolve("bad2").toString()),
                "--alpha is not an option of label-smoothing (options of label-smoothing: smoothing)");
    }

    @Test
    void methodsListsIt() {
        CliErrorsTest.Result r = CliErrorsTest.run("", "methods");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("label-smoothing") && r.out().contains("Szegedy et al., CVPR 2016")
                && r.out().contains("{\"smoothing\":0.1}"), r.out());
    }
}
