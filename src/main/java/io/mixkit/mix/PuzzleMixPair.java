package io.mixkit.mix;

/**
 * One PuzzleMix pair on the host, arrays in and arrays out (Kim et al., ICML 2020, Algorithm 1): the
 * mask over a {@code g x g} grid that minimises {@link PuzzleMixEnergy} (saliency unary, binomial
 * prior around {@code lam}, label and data smoothness), then optionally each side's salient blocks
 * transported to where the mask keeps them ({@link BlockTransport}, on a {@code tSize}-pixel grid),
 * and the mixed image {@code m * x1' + (1 - m) * x2'}.
 */
public final class PuzzleMixPair {

    /**
     * @param energy the energy's weights and number of mask labels
     * @param solver {@code exact} ({@link ConvexLabeling}) or {@code swap} ({@link AlphaBetaSwap})
     * @param transport whether salient blocks move
     * @param tSize transport block size in pixels ({@code < 0}: the mask's block size)
     * @param tEps transport's distance weight
     */
    public record Options(PuzzleMixEnergy.Settings energy, String solver, boolean transport, int tSize, double tEps) {}

    /**
     * One image's side of the pair, prepared once per batch.
     *
     * @param pixels {@code [C][S][S]} flattened (with any adversarial noise already added)
     * @param saliency {@code S x S} saliency
     * @param pooledSaliency saliency pooled to the mask's grid and normalised
     * @param pooledImage the image pooled for the data-smoothness term ({@link GridMasks#pool3d})
     */
    public record Side(float[] pixels, float[] saliency, float[] pooledSaliency, float[][][] pooledImage) {}

    /**
     * @param mask the {@code g x g} mask, the share of the own image per block
     * @param ownWeight {@code mean(mask)}, the own label's weight
     * @param own the own image after transport
     * @param partner the partner image after transport
     * @param mixed the mixed image
     */
    public record Result(float[] mask, float ownWeight, float[] own, float[] partner, float[] mixed) {}

    private PuzzleMixPair() {}

    /**
     * @param a the own image
     * @param b the partner
     * @param channels C
     * @param size S (square images)
     * @param blocks g, dividing S
     * @param neigh pixel pooling of the data-smoothness term, dividing the block size
     * @param lam the mixing weight
     * @param o options
     * @return mask, label weight, transported images and the mix
     */
    public static Result mix(Side a, Side b, int channels, int size, int blocks, int neigh, float lam, Options o) {
        int blockSize = size / blocks;
        double[][][][] pen = PuzzleMixEnergy.neighbourPenalty(a.pooledImage(), b.pooledImage(), blockSize / neigh);
        var energy = PuzzleMixEnergy.build(blocks, blocks, a.pooledSaliency(), b.pooledSaliency(), pen, lam, o.energy());
        int[] labeling = o.solver().equals("swap") ? AlphaBetaSwap.minimise(energy) : ConvexLabeling.minimise(energy);
        float[] mask = PuzzleMixEnergy.maskValues(labeling, o.energy().labels());
        float[] x1 = a.pixels();
        float[] x2 = b.pixels();
        if (o.transport()) {
            int tSize = o.tSize() < 0 ? blockSize : Math.min(o.tSize(), blockSize);
            int tBlocks = size / tSize;
            float[] tMask = tBlocks == blocks ? mask : GridMasks.upsample(mask, tBlocks);
            float[] sal1 = tBlocks == blocks ? a.pooledSaliency() : GridMasks.poolNormalised(a.saliency(), size, tBlocks);
            float[] sal2 = tBlocks == blocks ? b.pooledSaliency() : GridMasks.poolNormalised(b.saliency(), size, tBlocks);
            float[] inverse = new float[tMask.length];
            for (int k = 0; k < inverse.length; k++) {
                inverse[k] = 1 - tMask[k];
            }
            x1 = BlockTransport.apply(x1, channels, size, BlockTransport.plan(tMask, sal1, o.tEps()));
            x2 = BlockTransport.apply(x2, channels, size, BlockTransport.plan(inverse, sal2, o.tEps()));
        }
        return new Result(mask, GridMasks.mean(mask), x1, x2, GridMasks.mix(x1, x2, GridMasks.upsample(mask, size)));
    }
}
