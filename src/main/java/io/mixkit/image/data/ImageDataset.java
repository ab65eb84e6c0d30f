package io.mixkit.image.data;

import java.util.List;

/**
 * Labeled images in memory, pixel values in [0, 1], {@code [N][C][H][W]} flattened.
 *
 * @param pixels N*C*H*W values
 * @param labels class index per image
 * @param classNames class names by index
 * @param channels C
 * @param height H
 * @param width W
 * @param source where the images came from (for messages and reports)
 */
public record ImageDataset(float[] pixels, int[] labels, List<String> classNames, int channels, int height,
                           int width, String source) {

    /** Checks sizes and labels. */
    public ImageDataset {
        if ((long) labels.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException(source + ": " + labels.length + " labels but " + pixels.length
                    + " pixel values for " + channels + "x" + height + "x" + width + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(source + ": image " + i + " has label " + labels[i]
                        + ", outside 0.." + (classNames.size() - 1));
            }
        }
    }

    /** @return number of images */
    public int size() {
        return labels.length;
    }

    /** @return values per image */
    public int imageLength() {
        return channels * height * width;
    }

    /**
     * Zero-pads every image to a square side (Fashion-MNIST 28x28 to 32x32, so that grids of 2, 4, 8
     * and 16 blocks divide it as in the PuzzleMix code).
     *
     * @param side the new height and width (at least the current ones)
     * @return the padded dataset (this one when already that size)
     */
    public ImageDataset padTo(int side) {
        if (height == side && width == side) {
            return this;
        }
        if (height > side || width > side) {
            throw new IllegalArgumentException(source + ": cannot pad " + height + "x" + width + " images to " + side + "x" + side);
        }
        int top = (side - height) / 2;
        int left = (side - width) / 2;
        float[] out = new float[size() * channels * side * side];
        for (int i = 0; i < size(); i++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(pixels, ((i * channels + c) * height + y) * width,
                            out, ((i * channels + c) * side + top + y) * side + left, width);
                }
            }
        }
        return new ImageDataset(out, labels, classNames, channels, side, side, source);
    }

    /**
     * @param n how many images to keep
     * @return the first n images (all when n is at least the size)
     */
    public ImageDataset first(int n) {
        if (n >= size()) {
            return this;
        }
        float[] p = java.util.Arrays.copyOf(pixels, n * imageLength());
        return new ImageDataset(p, java.util.Arrays.copyOf(labels, n), classNames, channels, height, width, source);
    }

    /** @return per-channel mean of all pixels */
    public float[] channelMean() {
        double[] s = new double[channels];
        int plane = height * width;
        for (int i = 0; i < pixels.length; i++) {
            s[(i / plane) % channels] += pixels[i];
        }
        float[] m = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = (float) (s[c] / ((double) size() * plane));
        }
        return m;
    }

    /** @return per-channel standard deviation of all pixels */
    public float[] channelStd() {
        float[] m = channelMean();
        double[] s = new double[channels];
        int plane = height * width;
        for (int i = 0; i < pixels.length; i++) {
            int c = (i / plane) % channels;
            double d = pixels[i] - m[c];
            s[c] += d * d;
        }
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = (float) Math.max(1e-6, Math.sqrt(s[c] / ((double) size() * plane)));
        }
        return out;
    }
}
