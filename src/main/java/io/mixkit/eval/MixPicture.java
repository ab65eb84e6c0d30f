package io.mixkit.eval;

import io.mixkit.image.strategy.MixDrawing;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG grid of mixing examples: one row per pair (source image, partner, mask, mixed image, ...), a
 * caption per row (the label weights), column titles on top. Pixels in [0, 1]; grey or RGB tiles,
 * enlarged by an integer factor with nearest-neighbour pixels so blocks stay visible.
 */
public final class MixPicture {

    private static final int PAD = 6;
    private static final int TEXT = 16;

    private MixPicture() {}

    /**
     * @param png destination
     * @param title text on top
     * @param columns column titles
     * @param rows the rows (all with the same number of tiles)
     * @param scale enlargement factor
     * @throws IOException if it cannot be written
     */
    public static void write(Path png, String title, List<String> columns, List<MixDrawing.Row> rows, int scale) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int size = rows.get(0).tiles().get(0).size() * scale;
        int cols = rows.get(0).tiles().size();
        int width = PAD + cols * (size + PAD);
        width = Math.max(width, 8 * title.length() + 2 * PAD);
        int height = 2 * TEXT + PAD + rows.size() * (size + TEXT + PAD) + PAD;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, PAD, TEXT - 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < cols && c < columns.size(); c++) {
            g.drawString(columns.get(c), PAD + c * (size + PAD), 2 * TEXT - 3);
        }
        int y = 2 * TEXT + PAD;
        for (MixDrawing.Row row : rows) {
            for (int c = 0; c < row.tiles().size(); c++) {
                draw(img, row.tiles().get(c), PAD + c * (size + PAD), y, scale);
            }
            g.setColor(Color.BLACK);
            g.drawString(row.caption(), PAD, y + size + TEXT - 4);
            y += size + TEXT + PAD;
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(img, "png", png.toFile());
    }

    private static void draw(BufferedImage img, MixDrawing.Tile t, int x0, int y0, int scale) {
        int s = t.size();
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int r;
                int gr;
                int b;
                if (t.channels() == 1) {
                    r = gr = b = level(t.pixels()[y * s + x]);
                } else {
                    r = level(t.pixels()[y * s + x]);
                    gr = level(t.pixels()[s * s + y * s + x]);
                    b = level(t.pixels()[2 * s * s + y * s + x]);
                }
                int rgb = (r << 16) | (gr << 8) | b;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    private static int level(float v) {
        return Math.min(255, Math.max(0, Math.round(v * 255)));
    }
}
