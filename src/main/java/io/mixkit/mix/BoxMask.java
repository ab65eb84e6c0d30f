package io.mixkit.mix;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A rectangular CutMix box (Yun et al., "CutMix", ICCV 2019): rows {@code [top, bottom)}, columns
 * {@code [left, right)} of an {@code H x W} image are replaced by the partner's pixels.
 *
 * <p>The box has sides {@code sqrt(1 - lam) * H} and {@code sqrt(1 - lam) * W} around its centre and is
 * clipped at the border, so the realised weight of the row's own image is
 * {@code 1 - area / (H * W)}, which is the label weight used (not the sampled {@code lam}).
 *
 * @param top first row
 * @param bottom row after the last
 * @param left first column
 * @param right column after the last
 * @param height image height H
 * @param width image width W
 */
public record BoxMask(int top, int bottom, int left, int right, int height, int width) {

    /**
     * CutMix's box: uniform centre, as the CutMix and PuzzleMix reference codes.
     *
     * @param height H
     * @param width W
     * @param lam the sampled weight
     * @param rng draws the centre (row, then column)
     * @return the clipped box
     */
    public static BoxMask random(int height, int width, double lam, UniformRandomProvider rng) {
        double cy = rng.nextDouble() * height;
        double cx = rng.nextDouble() * width;
        return centred(height, width, lam, cy, cx);
    }

    /**
     * A box of the size {@code lam} implies around a given centre (SaliencyMix: the saliency peak).
     *
     * @param height H
     * @param width W
     * @param lam the sampled weight
     * @param cy centre row
     * @param cx centre column
     * @return the clipped box
     */
    public static BoxMask centred(int height, int width, double lam, double cy, double cx) {
        double cut = Math.sqrt(Math.max(0, 1 - lam));
        double h = cut * height;
        double w = cut * width;
        int top = (int) clip(cy - h / 2, height);
        int bottom = (int) clip(cy + h / 2, height);
        int left = (int) clip(cx - w / 2, width);
        int right = (int) clip(cx + w / 2, width);
        return new BoxMask(top, bottom, left, right, height, width);
    }

    private static double clip(double v, int max) {
        return Math.min(Math.max(v, 0), max);
    }

    /** @return pixels in the box */
    public int area() {
        return (bottom - top) * (right - left);
    }

    /** @return the realised weight of the row's own image, {@code 1 - area / (H W)} */
    public float ownWeight() {
        return 1f - (float) area() / (height * width);
    }

    /** @return the {@code H x W} pixel mask: 0 inside the box (partner), 1 outside (own image) */
    public float[] pixelMask() {
        float[] m = new float[height * width];
        java.util.Arrays.fill(m, 1f);
        for (int y = top; y < bottom; y++) {
            java.util.Arrays.fill(m, y * width + left, y * width + right, 0f);
        }
        return m;
    }
}
