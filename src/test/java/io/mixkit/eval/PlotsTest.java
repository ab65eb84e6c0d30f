package io.mixkit.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plots are PNGs of the promised size with something drawn on them. */
class PlotsTest {

    @Test
    void resultsChartAndLearningCurve(@TempDir Path dir) throws Exception {
        Path bars = dir.resolve("bars.png");
        ResultsChart.plot(Map.of("erm", Map.of("r8", List.of(0.94, 0.95, 0.93)),
                "tmix", Map.of("r8", List.of(0.95, 0.96, 0.94))), bars, "test");
        BufferedImage img = ImageIO.read(bars.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(500, img.getHeight());
        Path log = dir.resolve("metrics.jsonl");
        Files.writeString(log, "{\"type\":\"step\",\"step\":1,\"loss\":0.7}\n{\"type\":\"step\",\"step\":2,\"loss\":0.5}\n"
                + "{\"type\":\"valid\",\"step\":2,\"accuracy\":0.8}\n");
        Path curve = dir.resolve("curve.png");
        LearningCurve.plot(log, curve, "curve");
        BufferedImage c = ImageIO.read(curve.toFile());
        int colours = 0;
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int x = 0; x < c.getWidth(); x += 3) {
            for (int y = 0; y < c.getHeight(); y += 3) {
                if (seen.add(c.getRGB(x, y))) {
                    colours++;
                }
            }
        }
        assertTrue(colours > 5, "a drawn chart has several colours, found " + colours);
    }
}
