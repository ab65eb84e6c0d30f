package io.mixkit.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar chart of test accuracy, mean with a one-standard-deviation bar, per dataset and method, from
 * runs' {@code report.json} files (JFreeChart). Usage:
 * {@code java -cp target/mixkit.jar io.mixkit.eval.ResultsChart OUT.png TITLE DATASET=RUN_DIR... }
 */
public final class ResultsChart {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsChart() {}

    /**
     * @param args output PNG, title, then {@code dataset=runDir} pairs
     * @throws IOException if a report cannot be read or the image written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ResultsChart OUT.png TITLE DATASET=RUN_DIR...");
        }
        Map<String, Map<String, List<Double>>> acc = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            JsonNode r = JSON.readTree(Path.of(kv[1], "report.json").toFile());
            acc.computeIfAbsent(r.path("method").asText(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(kv[0], k -> new ArrayList<>()).add(r.path("accuracy").asDouble());
        }
        plot(acc, Path.of(args[0]), args[1]);
    }

    /**
     * @param accuracy method to dataset to per-seed accuracies
     * @param png destination
     * @param title chart title
     * @throws IOException if the image cannot be written
     */
    public static void plot(Map<String, Map<String, List<Double>>> accuracy, Path png, String title) throws IOException {
        plot(accuracy, png, title, "dataset", "test accuracy", 1.0);
    }

    /**
     * @param values series (method) to category to per-seed values
     * @param png destination
     * @param title chart title
     * @param categoryLabel the category axis label
     * @param valueLabel the value axis label
     * @param top upper end of the value axis (NaN: automatic)
     * @throws IOException if the image cannot be written
     */
    public static void plot(Map<String, Map<String, List<Double>>> values, Path png, String title, String categoryLabel,
                            String valueLabel, double top) throws IOException {
        Map<String, Map<String, List<Double>>> accuracy = values;
        System.setProperty("java.awt.headless", "true");
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        double min = 1;
        for (var byMethod : accuracy.entrySet()) {
            for (var byData : byMethod.getValue().entrySet()) {
                List<Double> v = byData.getValue();
                double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                double var = v.size() < 2 ? 0 : v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (v.size() - 1);
                data.add(mean, Math.sqrt(var), byMethod.getKey(), byData.getKey() + " (n=" + v.size() + ")");
                min = Math.min(min, mean - Math.sqrt(var));
            }
        }
        JFreeChart chart = ChartFactory.createLineChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setRenderer(new StatisticalBarRenderer());
        NumberAxis axis = (NumberAxis) plot.getRangeAxis();
        if (!Double.isNaN(top)) {
            axis.setRange(Math.max(0, Math.floor(min * 10 - 0.5) / 10), top);
        }
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }
}
