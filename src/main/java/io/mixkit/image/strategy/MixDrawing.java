package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import java.util.List;

/**
 * What a method shows of one mixing draw: per row the images, masks and results it made, with a
 * caption (the label weights). {@code visualize} writes it as a PNG.
 *
 * @param title what was drawn, e.g. {@code cutmix, alpha 1.0}
 * @param columns the column titles
 * @param rows the rows, each with as many tiles as there are columns
 */
public record MixDrawing(String title, List<String> columns, List<Row> rows) {

    /**
     * One square image.
     *
     * @param pixels {@code [C][S][S]} flattened, in [0, 1]
     * @param channels 1 or 3
     * @param size S
     */
    public record Tile(float[] pixels, int channels, int size) {}

    /**
     * One row of tiles and its caption.
     *
     * @param tiles the tiles, left to right
     * @param caption text under the row
     */
    public record Row(List<Tile> tiles, String caption) {}

    /** The columns of a two-image mix. */
    public static final List<String> PAIR_COLUMNS = List.of("image", "partner", "mask", "mixed");

    /**
     * A row of a two-image mix: the image, its partner, the pixel mask (white = the image's own pixels) and the result.
     *
     * @param x the batch
     * @param i the image
     * @param j its partner
     * @param pixelMask the mask, {@code S x S}
     * @param mixed the mixed image
     * @param weight the image's label weight
     * @param labels the batch's labels
     * @param names class names
     * @param extra text after the caption
     * @return the row
     */
    public static Row pair(ImageBatch x, int i, int j, float[] pixelMask, float[] mixed, float weight, int[] labels,
                           List<String> names, String extra) {
        int c = x.channels();
        int s = x.height();
        String caption = String.format("%.2f %s + %.2f %s%s", weight, names.get(labels[i]), 1 - weight,
                names.get(labels[j]), extra);
        return new Row(List.of(new Tile(x.image(i), c, s), new Tile(x.image(j), c, s), new Tile(pixelMask, 1, s),
                new Tile(mixed, c, s)), caption);
    }
}
