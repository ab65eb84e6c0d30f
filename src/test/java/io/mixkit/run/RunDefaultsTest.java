package io.mixkit.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.train.ScheduleRule;
import io.mixkit.train.TrainConfig;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The library's run builders hold what the command line's default presets say ({@code default} for text,
 * {@code image} for images), so a run built in Java and {@code mixkit train} with no options agree.
 */
class RunDefaultsTest {

    static JsonNode preset(String name) throws Exception {
        try (InputStream in = RunDefaultsTest.class.getResourceAsStream("/mixkit/presets/" + name + ".json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static void assertLoop(JsonNode p, TrainConfig c, boolean text) {
        if (!text) {
            assertEquals(p.get("epochs").asInt(), c.epochs());
            assertEquals(p.get("batch_size").asInt(), c.batchSize());
        }
        if (text) {
            assertEquals(p.get("lr_encoder").asDouble(), c.lrEncoder());
            assertEquals(p.get("lr_head").asDouble(), c.lrHead());
        } else {
            assertEquals(p.get("lr").asDouble(), c.lrEncoder());
            assertEquals(p.get("lr").asDouble(), c.lrHead());
            assertEquals(p.get("optimizer").asText(), c.optimizer());
        }
        assertEquals(p.get("weight_decay").asDouble(), c.weightDecay());
        assertEquals(p.get("schedule").asText(), c.schedule().name().toLowerCase(Locale.ROOT));
        assertEquals(p.get("warmup").asDouble(), c.warmupFraction());
        assertEquals(p.get("max_grad_norm").asDouble(), c.maxGradNorm());
    }

    @Test
    void textRunDefaultsAreTheDefaultPreset() throws Exception {
        JsonNode p = preset("default");
        TextRun.Settings s = TextRun.Settings.builder(Path.of("unused")).build();
        assertLoop(p, s.config(), true);
        // neither sets the schedule: both leave epochs, batch size, validation interval and patience to the rule
        assertFalse(p.has("epochs") || p.has("batch_size") || p.has("patience"), p.toString());
        assertEquals(ScheduleRule.Request.adaptive(), s.schedule());
        assertEquals(ScheduleRule.VALID_PER_CLASS, s.validPerClass());
        assertEquals(p.get("method").asText(), s.method());
        assertEquals(p.get("max_length").asInt(), s.maxLength());
        assertEquals(p.get("pooling").asText(), s.pooling().name().toLowerCase(Locale.ROOT));
    }

    @Test
    void imageRunDefaultsAreTheImagePreset() throws Exception {
        JsonNode p = preset("image");
        ImageRun.Settings s = ImageRun.Settings.builder(Path.of("unused")).build();
        assertLoop(p, s.config(), false);
        assertEquals(p.get("method").asText(), s.method());
        assertEquals(io.mixkit.image.ResNetClassifier.Architecture.parse(p.get("arch").asText()), s.arch());
        assertEquals(p.get("pad_to").asInt(), s.padTo());
        assertEquals(p.get("crop_padding").asInt(), s.cropPadding());
        assertEquals(p.get("flip").asBoolean(), s.flip());
        assertEquals(p.get("fgsm_eps").asDouble(), s.fgsmEps());
    }
}
