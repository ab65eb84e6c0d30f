package io.mixkit.image.augment;

import io.mixkit.image.ImageBatch;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The standard CIFAR training augmentation of the PuzzleMix and mixup codes: zero-pad by {@code pad}
 * pixels, take a random crop of the original size, and flip horizontally with probability 1/2.
 */
public final class CropFlip {

    private final int pad;
    private final boolean flip;

    /**
     * @param pad padding on each side (4 in the reference); 0 for no cropping
     * @param flip whether to flip horizontally at random
     */
    public CropFlip(int pad, boolean flip) {
        if (pad < 0) {
            throw new IllegalArgumentException("crop padding must be non-negative, got " + pad);
        }
        this.pad = pad;
        this.flip = flip;
    }

    /**
     * @param batch images in [0, 1]
     * @param rng draws, per image: row offset, column offset, flip
     * @return the augmented batch
     */
    public ImageBatch apply(ImageBatch batch, UniformRandomProvider rng) {
        int c = batch.channels();
        int h = batch.height();
        int w = batch.width();
        float[] out = new float[batch.pixels().length];
        float[] in = batch.pixels();
        for (int i = 0; i < batch.count(); i++) {
            int dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            int dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
            boolean f = flip && rng.nextBoolean();
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int x = 0; x < w; x++) {
                        int sx = (f ? w - 1 - x : x) + dx;
                        if (sx >= 0 && sx < w) {
                            out[base + y * w + x] = in[base + sy * w + sx];
                        }
                    }
                }
            }
        }
        return new ImageBatch(out, batch.count(), c, h, w);
    }
}
