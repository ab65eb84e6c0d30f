package io.mixkit.image.augment;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * AugMix (Hendrycks et al., ICLR 2020; google-research/augmix {@code augmentations.py}, {@code augment_and_mix}):
 * {@code width} chains of 1-3 random operations from autocontrast, equalize, posterize, rotate, solarize,
 * shear x/y and translate x/y (the ops that do not overlap common corruptions), blended with
 * Dirichlet(alpha) weights, then mixed with the original by {@code m ~ Beta(alpha, alpha)}:
 * {@code x_aug = (1 - m) x + m * sum_i w_i chain_i(x)}. Operation strength follows the reference:
 * {@code level ~ U(0.1, severity)}, rotate up to {@code 3 * level} degrees, shear up to
 * {@code 0.03 * level}, translate up to {@code level/10 * side/3} pixels. Images are {@code [C][S][S]} in [0, 1].
 */
public final class AugMixOps {

    /** Operation names, in the reference's order. */
    public static final String[] OPS = {"autocontrast", "equalize", "posterize", "rotate", "solarize", "shear_x",
        "shear_y", "translate_x", "translate_y"};

    private final int severity;
    private final int width;
    private final int depth;
    private final double alpha;

    /**
     * @param severity 1..10 (reference 3)
     * @param width chains (reference 3)
     * @param depth ops per chain, or -1 for 1..3 at random (reference -1)
     * @param alpha Dirichlet and Beta concentration (reference 1)
     */
    public AugMixOps(int severity, int width, int depth, double alpha) {
        if (severity < 1 || severity > 10 || width < 1 || (depth != -1 && depth < 1) || !(alpha > 0)) {
            throw new IllegalArgumentException("augmix: severity in 1..10, width >= 1, depth >= 1 (or -1 for 1-3) and "
                    + "alpha > 0 are required, got " + severity + ", " + width + ", " + depth + ", " + alpha);
        }
        this.severity = severity;
        this.width = width;
        this.depth = depth;
        this.alpha = alpha;
    }

    /** @return e.g. {@code severity 3, width 3, depth 1-3} */
    public String describe() {
        return "severity " + severity + ", width " + width + ", depth " + (depth < 0 ? "1-3" : Integer.toString(depth));
    }

    /**
     * @param image {@code [C][S][S]} values
     * @param channels C
     * @param size S
     * @param rng the draws
     * @return one AugMix view
     */
    public float[] augmentAndMix(float[] image, int channels, int size, UniformRandomProvider rng) {
        double[] ws = dirichlet(rng);
        double m = new org.apache.commons.rng.sampling.distribution.ChengBetaSampler(rng, alpha, alpha).sample();
        float[] mix = new float[image.length];
        for (int k = 0; k < width; k++) {
            float[] x = image.clone();
            int d = depth > 0 ? depth : 1 + rng.nextInt(3);
            for (int j = 0; j < d; j++) {
                x = apply(OPS[rng.nextInt(OPS.length)], x, channels, size, rng);
            }
            for (int i = 0; i < mix.length; i++) {
                mix[i] += (float) (ws[k] * x[i]);
            }
        }
        float[] out = new float[image.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((1 - m) * image[i] + m * mix[i]);
        }
        return out;
    }

    private double[] dirichlet(UniformRandomProvider rng) {
        double[] w = new double[width];
        double s = 0;
        var gamma = org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler.of(rng, alpha, 1);
        for (int k = 0; k < width; k++) {
            w[k] = gamma.sample();
            s += w[k];
        }
        for (int k = 0; k < width; k++) {
            w[k] /= s;
        }
        return w;
    }

    private double level(UniformRandomProvider rng) {
        return 0.1 + rng.nextDouble() * (severity - 0.1);
    }

    /**
     * One operation at a random strength.
     *
     * @param op one of {@link #OPS}
     * @param x the image (not modified)
     * @param channels C
     * @param size S
     * @param rng draws the strength and sign
     * @return the new image
     */
    public float[] apply(String op, float[] x, int channels, int size, UniformRandomProvider rng) {
        double level = level(rng);
        double sign = rng.nextBoolean() ? 1 : -1;
        return switch (op) {
            case "autocontrast" -> autocontrast(x, channels, size);
            case "equalize" -> equalize(x, channels, size);
            case "posterize" -> posterize(x, 4 - (int) (level * 4 / 10));
            case "rotate" -> affine(x, channels, size, Math.toRadians(sign * (int) (level * 30 / 10)), 0, 0, 0, 0);
            case "solarize" -> solarize(x, (256 - (int) (level * 256 / 10)) / 255f);
            case "shear_x" -> affine(x, channels, size, 0, sign * level * 0.3 / 10, 0, 0, 0);
            case "shear_y" -> affine(x, channels, size, 0, 0, sign * level * 0.3 / 10, 0, 0);
            case "translate_x" -> affine(x, channels, size, 0, 0, 0, sign * (int) (level * (size / 3) / 10), 0);
            case "translate_y" -> affine(x, channels, size, 0, 0, 0, 0, sign * (int) (level * (size / 3) / 10));
            default -> throw new IllegalArgumentException("unknown AugMix operation '" + op + "'");
        };
    }

    /** @param x image @param channels C @param size S @return each channel stretched to [0, 1] */
    public static float[] autocontrast(float[] x, int channels, int size) {
        float[] out = x.clone();
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            float lo = Float.MAX_VALUE;
            float hi = -Float.MAX_VALUE;
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            if (hi > lo) {
                for (int i = c * plane; i < (c + 1) * plane; i++) {
                    out[i] = (x[i] - lo) / (hi - lo);
                }
            }
        }
        return out;
    }

    /** @param x image @param channels C @param size S @return each channel histogram-equalised over 256 levels */
    public static float[] equalize(float[] x, int channels, int size) {
        float[] out = x.clone();
        int plane = size * size;
        for (int c = 0; c < channels; c++) {
            int[] hist = new int[256];
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                hist[level255(x[i])]++;
            }
            int[] cdf = new int[256];
            int run = 0;
            for (int v = 0; v < 256; v++) {
                run += hist[v];
                cdf[v] = run;
            }
            int min = 0;
            for (int v = 0; v < 256; v++) {
                if (hist[v] > 0) {
                    min = cdf[v];
                    break;
                }
            }
            if (plane - min == 0) {
                continue;
            }
            for (int i = c * plane; i < (c + 1) * plane; i++) {
                out[i] = (float) (cdf[level255(x[i])] - min) / (plane - min);
            }
        }
        return out;
    }

    private static int level255(float v) {
        return Math.min(255, Math.max(0, Math.round(v * 255)));
    }

    /** @param x image @param bits bits kept of each 8-bit value @return the posterised image */
    public static float[] posterize(float[] x, int bits) {
        int mask = ~((1 << (8 - bits)) - 1) & 0xff;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (level255(x[i]) & mask) / 255f;
        }
        return out;
    }

    /** @param x image @param threshold values at or above it are inverted @return the solarised image */
    public static float[] solarize(float[] x, float threshold) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] >= threshold ? 1 - x[i] : x[i];
        }
        return out;
    }

    /**
     * Inverse-maps each output pixel (rotation about the centre, shear, translation), bilinear, black outside.
     *
     * @param x image
     * @param channels C
     * @param size S
     * @param angle rotation in radians
     * @param shearX horizontal shear (PIL's affine (1, s, 0, 0, 1, 0))
     * @param shearY vertical shear
     * @param tx horizontal shift of the sampling position, pixels
     * @param ty vertical shift
     * @return the transformed image
     */
    public static float[] affine(float[] x, int channels, int size, double angle, double shearX, double shearY, double tx, double ty) {
        float[] out = new float[x.length];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double mid = (size - 1) / 2.0;
        int plane = size * size;
        for (int y = 0; y < size; y++) {
            for (int xx = 0; xx < size; xx++) {
                double u = xx - mid;
                double v = y - mid;
                double su = cos * u + sin * v + shearX * (y) + tx;
                double sv = -sin * u + cos * v + shearY * (xx) + ty;
                double sx = su + mid;
                double sy = sv + mid;
                for (int c = 0; c < channels; c++) {
                    out[c * plane + y * size + xx] = bilinear(x, c * plane, size, sx, sy);
                }
            }
        }
        return out;
    }

    private static float bilinear(float[] x, int base, int size, double sx, double sy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        double v = 0;
        for (int dy = 0; dy <= 1; dy++) {
            for (int dx = 0; dx <= 1; dx++) {
                int px = x0 + dx;
                int py = y0 + dy;
                if (px >= 0 && px < size && py >= 0 && py < size) {
                    v += (dx == 0 ? 1 - fx : fx) * (dy == 0 ? 1 - fy : fy) * x[base + py * size + px];
                }
            }
        }
        return (float) v;
    }
}
