package io.mixkit.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A batch of images on the host, pixel values in [0, 1] (before normalisation), laid out
 * {@code [N][C][H][W]}. Mixing strategies build new batches from old ones on the host, where the
 * images are small; the model turns a batch into an array on the step's manager.
 *
 * @param pixels N*C*H*W values
 * @param count N
 * @param channels C
 * @param height H
 * @param width W
 */
public record ImageBatch(float[] pixels, int count, int channels, int height, int width) {

    /** Checks that the pixel count fits the shape. */
    public ImageBatch {
        if ((long) count * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("an image batch of " + count + "x" + channels + "x" + height + "x" + width
                    + " needs " + (long) count * channels * height * width + " values, got " + pixels.length);
        }
    }

    /** @return values per image, C*H*W */
    public int imageLength() {
        return channels * height * width;
    }

    /** @param i an image index @return a copy of its C*H*W values */
    public float[] image(int i) {
        float[] out = new float[imageLength()];
        System.arraycopy(pixels, i * imageLength(), out, 0, out.length);
        return out;
    }

    /**
     * @param images C*H*W values per image
     * @return a batch of the same geometry as this one
     */
    public ImageBatch withImages(float[][] images) {
        float[] all = new float[images.length * imageLength()];
        for (int i = 0; i < images.length; i++) {
            System.arraycopy(images[i], 0, all, i * imageLength(), imageLength());
        }
        return new ImageBatch(all, images.length, channels, height, width);
    }

    /** @param manager where the array lives @return {@code [N, C, H, W]} */
    public NDArray toArray(NDManager manager) {
        return manager.create(pixels, new Shape(count, channels, height, width));
    }

    /**
     * @param array {@code [N, C, H, W]} float32
     * @return the batch holding its values
     */
    public static ImageBatch of(NDArray array) {
        long[] s = array.getShape().getShape();
        if (s.length != 4) {
            throw new IllegalArgumentException("expected [N, C, H, W] images, got " + array.getShape());
        }
        return new ImageBatch(array.toFloatArray(), (int) s[0], (int) s[1], (int) s[2], (int) s[3]);
    }
}
