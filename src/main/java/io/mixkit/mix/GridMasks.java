package io.mixkit.mix;

/**
 * Grids over square images (host arrays, {@code [C][S][S]} flattened): average pooling of a saliency map
 * to blocks, nearest upsampling of a block mask to pixels, and the mask mix
 * {@code x = m * x1 + (1 - m) * x2} whose label weight is {@code mean(m)}.
 */
public final class GridMasks {

    private GridMasks() {}

    /**
     * Average-pools a map to a {@code g x g} grid and normalises it to sum 1 (PuzzleMix's unary input).
     *
     * @param map {@code S x S} values (a saliency map)
     * @param size S
     * @param blocks g, dividing S
     * @return {@code g*g} block means divided by their sum (uniform when the map is all zero)
     */
    public static float[] poolNormalised(float[] map, int size, int blocks) {
        float[] pooled = pool(map, 1, size, blocks);
        double sum = 0;
        for (float v : pooled) {
            sum += v;
        }
        for (int i = 0; i < pooled.length; i++) {
            pooled[i] = sum > 0 ? (float) (pooled[i] / sum) : 1f / pooled.length;
        }
        return pooled;
    }

    /**
     * Average pooling of each channel to {@code g x g} cells.
     *
     * @param image {@code [C][S][S]} flattened
     * @param channels C
     * @param size S
     * @param cells g, dividing S
     * @return {@code [C][g][g]} flattened
     */
    public static float[] pool(float[] image, int channels, int size, int cells) {
        if (size % cells != 0) {
            throw new IllegalArgumentException("a " + size + "-pixel side cannot be split into " + cells + " equal blocks");
        }
        int k = size / cells;
        float[] out = new float[channels * cells * cells];
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[ch * cells * cells + (y / k) * cells + x / k] += image[ch * size * size + y * size + x];
                }
            }
        }
        float inv = 1f / (k * k);
        for (int i = 0; i < out.length; i++) {
            out[i] *= inv;
        }
        return out;
    }

    /**
     * The same pooling as a {@code [C][g][g]} array (for {@link PuzzleMixEnergy#neighbourPenalty}).
     *
     * @param image {@code [C][S][S]} flattened
     * @param channels C
     * @param size S
     * @param cells g
     * @return pooled cells
     */
    public static float[][][] pool3d(float[] image, int channels, int size, int cells) {
        float[] flat = pool(image, channels, size, cells);
        float[][][] out = new float[channels][cells][cells];
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < cells; y++) {
                System.arraycopy(flat, (ch * cells + y) * cells, out[ch][y], 0, cells);
            }
        }
        return out;
    }

    /**
     * Nearest upsampling of a block mask.
     *
     * @param mask {@code g x g} values
     * @param size the output side S (a multiple of g)
     * @return {@code S x S} values
     */
    public static float[] upsample(float[] mask, int size) {
        int g = (int) Math.round(Math.sqrt(mask.length));
        if (g * g != mask.length || size % g != 0) {
            throw new IllegalArgumentException("cannot upsample a " + mask.length + "-block mask to " + size + " pixels");
        }
        int k = size / g;
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = mask[(y / k) * g + x / k];
            }
        }
        return out;
    }

    /**
     * {@code m * x1 + (1 - m) * x2}, the same pixel mask on every channel.
     *
     * @param x1 {@code [C][S][S]} flattened
     * @param x2 same layout
     * @param pixelMask {@code S x S}
     * @return the mixed image
     */
    public static float[] mix(float[] x1, float[] x2, float[] pixelMask) {
        float[] out = new float[x1.length];
        int plane = pixelMask.length;
        for (int i = 0; i < out.length; i++) {
            float m = pixelMask[i % plane];
            out[i] = m * x1[i] + (1 - m) * x2[i];
        }
        return out;
    }

    /** @param mask values @return their mean (the label weight of a mask mix) */
    public static float mean(float[] mask) {
        double s = 0;
        for (float v : mask) {
            s += v;
        }
        return (float) (s / mask.length);
    }
}
