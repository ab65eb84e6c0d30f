package io.mixkit.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The learning curve of a run, drawn from its {@code metrics.jsonl} with JFreeChart: training loss
 * (a moving average over 20 steps) on the left axis, validation accuracy on the right.
 */
public final class LearningCurve {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LearningCurve() {}

    /**
     * @param metricsJsonl the run's log
     * @param png destination
     * @param title chart title
     * @throws IOException if the log cannot be read or the image written
     */
    public static void plot(Path metricsJsonl, Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYSeries loss = new XYSeries("training loss (20-step mean)");
        XYSeries acc = new XYSeries("validation accuracy");
        double[] window = new double[20];
        int seen = 0;
        for (String line : Files.readAllLines(metricsJsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = JSON.readTree(line);
            long step = n.path("step").asLong();
            if (n.path("type").asText().equals("step")) {
                window[seen % window.length] = n.path("loss").asDouble();
                seen++;
                int k = Math.min(seen, window.length);
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += window[i];
                }
                loss.add(step, sum / k);
            } else if (n.path("type").asText().equals("valid")) {
                acc.add(step, n.path("accuracy").asDouble());
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "step", "loss", new XYSeriesCollection(loss),
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        NumberAxis right = new NumberAxis("accuracy");
        right.setAutoRangeIncludesZero(false);
        plot.setRangeAxis(1, right);
        plot.setDataset(1, new XYSeriesCollection(acc));
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer accRenderer = new XYLineAndShapeRenderer(true, true);
        accRenderer.setSeriesPaint(0, java.awt.Color.BLUE);
        plot.setRenderer(1, accRenderer);
        plot.getRenderer(0).setSeriesPaint(0, java.awt.Color.RED);
        plot.setBackgroundPaint(java.awt.Color.WHITE);
        plot.setDomainGridlinePaint(java.awt.Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(java.awt.Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }
}
