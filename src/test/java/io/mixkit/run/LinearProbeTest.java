package io.mixkit.run;

import ai.djl.ndarray.NDArray;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear probe trains the head alone: after a run the encoder's weights are exactly the pretrained ones. */
class LinearProbeTest {

    @Test
    void theEncoderStaysExactlyAsLoaded(@TempDir Path tmp) throws Exception {
        MixKitRuntime.init();
        List<String> all = Files.readAllLines(EmbeddedDatasets.defaultSplit("train"));
        Path train = tmp.resolve("train.csv");
        Path test = tmp.resolve("test.csv");
        Files.write(train, all.subList(0, 41));
        List<String> testRows = new ArrayList<>(List.of(all.get(0)));
        testRows.addAll(all.subList(41, 61));
        Files.write(test, testRows);
        TextRun.Result r = TextRun.run(TextRun.Settings.builder(tmp.resolve("probe")).optMethod("linear-probe")
                .optData(train, null, test).optMaxLength(32).optLog(new PrintWriter(new StringWriter()))
                .optConfig(TrainConfig.builder().optEpochs(1).optBatchSize(8).optMaxSteps(5).build()).build());
        assertEquals(5, r.outcome().steps());
        assertEquals(0.0, r.report().path("config").path("lrEncoder").asDouble(-1), "the run records the frozen encoder");
        String w = "encoder.layer.0.attention.self.query.weight";
        try (TextModel base = TextModel.load("minilm-l6", false);
             TextCheckpoint.Loaded trained = TextCheckpoint.load(tmp.resolve("probe").resolve("checkpoint"))) {
            NDArray before = base.encoder().parameters().get(w);
            NDArray after = trained.model().encoder().parameters().get(w);
            assertArrayEquals(before.toFloatArray(), after.toFloatArray(), 0f, "the encoder is untouched");
            assertTrue(r.metrics().n() == 20);
        }
    }
}
