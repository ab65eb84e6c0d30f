package io.mixkit.train;

import ai.djl.ndarray.NDArray;

/**
 * The gradient of a loss with respect to an intermediate array (embedding outputs for SSMix and
 * text saliency), which autograd does not keep for non-leaf tensors: the array is routed through
 * {@code x + z} with {@code z} a zero leaf, and {@code dL/dx = dL/dz}. The graph below {@code x}
 * stays intact, so parameters under it still receive their gradients.
 */
public final class GradientProbe {

    private NDArray leaf;

    /**
     * Call inside gradient recording, before building the loss on the returned array.
     *
     * @param x the array whose gradient is wanted
     * @return {@code x + 0}, to be used in place of {@code x}
     */
    public NDArray watch(NDArray x) {
        leaf = x.getManager().zeros(x.getShape(), x.getDataType());
        leaf.setRequiresGradient(true);
        return x.add(leaf);
    }

    /** @return {@code dL/dx} after the backward pass (same shape as x) */
    public NDArray gradient() {
        if (leaf == null) {
            throw new IllegalStateException("watch() was not called");
        }
        return leaf.getGradient();
    }
}
