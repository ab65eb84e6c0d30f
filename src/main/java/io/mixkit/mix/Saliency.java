package io.mixkit.mix;

import ai.djl.ndarray.NDArray;

/**
 * Gradient saliency: how much the loss responds to each position of the input.
 *
 * <p>PuzzleMix (Kim et al., ICML 2020) and SSMix (Yoon et al., Findings of ACL 2021) both use the
 * root mean square of the input gradient over the feature axis, {@code s = sqrt(mean_c g_c^2)}:
 * over colour channels for pixels, over the embedding dimension for tokens.
 */
public final class Saliency {

    private Saliency() {}

    /**
     * @param gradient input gradient with features on {@code axis}
     * @param axis the feature axis (-1 for token embeddings [B, T, H], 1 for images [B, C, H, W])
     * @return the saliency with that axis removed
     */
    public static NDArray rms(NDArray gradient, int axis) {
        return gradient.square().mean(new int[] {axis}).sqrt();
    }
}
