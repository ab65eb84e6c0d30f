package io.mixkit.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar chart of image runs: top-1 test error and FGSM error in percent, mean with a one-standard-deviation
 * bar per method, from the runs' {@code report.json}. Usage:
 * {@code java -cp target/mixkit.jar io.mixkit.eval.ErrorChart OUT.png TITLE RUN_DIR...}
 */
public final class ErrorChart {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorChart() {}

    /**
     * @param args output PNG, title, then run folders
     * @throws IOException if a report cannot be read or the image written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ErrorChart OUT.png TITLE RUN_DIR...");
        }
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            JsonNode r = JSON.readTree(Path.of(args[i], "report.json").toFile());
            Map<String, List<Double>> m = values.computeIfAbsent(r.path("method").asText(), k -> new LinkedHashMap<>());
            m.computeIfAbsent("top-1 error", k -> new ArrayList<>()).add(100 * (1 - r.path("accuracy").asDouble()));
            if (r.has("fgsm")) {
                m.computeIfAbsent("FGSM error", k -> new ArrayList<>()).add(100 * r.path("fgsm").path("error").asDouble());
            }
        }
        ResultsChart.plot(values, Path.of(args[0]), args[1], "", "error (%)", Double.NaN);
    }
}
