package io.mixkit.mix;

/**
 * Contiguous windows of a 1-D score sequence (token saliency), compared by their mean: the window
 * of width {@code w} whose average score is lowest or highest, as SSMix picks the span of one text
 * to replace and the span of the other to copy ({@code avg_pool1d} with stride 1, then argmin / argmax).
 */
public final class SpanWindows {

    private SpanWindows() {}

    /**
     * @param scores per-position scores
     * @param length positions in use ({@code scores[0..length)})
     * @param width window width w
     * @param excludeEnds skip the windows that start at 0 or end at {@code length} (keep [CLS] and [SEP])
     * @param highest true for the highest mean, false for the lowest
     * @return the start of the best window (the first of ties), or -1 if no window fits
     */
    public static int best(float[] scores, int length, int width, boolean excludeEnds, boolean highest) {
        if (width < 1 || length > scores.length) {
            throw new IllegalArgumentException("window width " + width + " over " + length + " of "
                    + scores.length + " scores");
        }
        int first = excludeEnds ? 1 : 0;
        int last = length - width - (excludeEnds ? 1 : 0);
        if (last < first) {
            return -1;
        }
        double sum = 0;
        for (int t = first; t < first + width; t++) {
            sum += scores[t];
        }
        int bestStart = first;
        double bestSum = sum;
        for (int s = first + 1; s <= last; s++) {
            sum += scores[s + width - 1] - scores[s - 1];
            if (highest ? sum > bestSum + 1e-12 : sum < bestSum - 1e-12) {
                bestSum = sum;
                bestStart = s;
            }
        }
        return bestStart;
    }
}
