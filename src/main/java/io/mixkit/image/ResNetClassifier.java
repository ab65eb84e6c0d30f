package io.mixkit.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.mixkit.MixKitRuntime;
import io.mixkit.train.NamedParameters;
import io.mixkit.train.StageState;
import io.mixkit.train.StagedClassifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pre-activation ResNet (He et al., "Identity Mappings in Deep Residual Networks", ECCV 2016) for
 * small images, as the CIFAR model of the PuzzleMix and manifold-mixup codes, seen as stages:
 * stage 0 = the normalised pixels, stage k = the output of residual block group k (the stem
 * convolution belongs to group 1), then BN-ReLU, global average pooling and the linear head.
 *
 * <p>Each block: {@code out = conv(relu(bn(conv(relu(bn(x)))))) + shortcut}, the shortcut a 1x1
 * convolution of {@code relu(bn(x))} when the shape changes. Built from DJL's functional ops over
 * {@link NamedParameters} with the reference's names ({@code layer1.0.conv1.weight}, {@code linear.bias});
 * BatchNorm running statistics are buffers (momentum 0.1 as PyTorch). Normalisation by the dataset's
 * per-channel mean and standard deviation is part of stage 0, so the model takes pixels in [0, 1].
 */
public final class ResNetClassifier implements StagedClassifier<ImageBatch>, AutoCloseable {

    private static final float BN_EPS = 1e-5f;

    /**
     * The shape of a network.
     *
     * @param name architecture name
     * @param widths channels of each block group
     * @param blocks blocks in each group
     */
    public record Architecture(String name, int[] widths, int[] blocks) {

        /** PreActResNet-18: groups of 64, 128, 256, 512 channels, 2 blocks each (the PuzzleMix CIFAR model). */
        public static final Architecture PREACT18 = new Architecture("preactresnet18", new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 2});

        /** A small pre-activation ResNet (16, 32, 64 channels, one block each) that trains in minutes on 2 CPU cores. */
        public static final Architecture SMALL = new Architecture("resnet-small", new int[] {16, 32, 64}, new int[] {1, 1, 1});

        /**
         * @param name {@code small} / {@code resnet-small} or {@code preactresnet18} / {@code preact18}
         * @return the architecture
         */
        public static Architecture parse(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "small", "resnet-small" -> SMALL;
                case "preact18", "preactresnet18", "preactresnet-18" -> PREACT18;
                default -> throw new IllegalArgumentException("unknown architecture '" + name + "'; expected small or preactresnet18");
            };
        }
    }

    private final NDManager manager;
    private final Architecture arch;
    private final int channels;
    private final int classes;
    private final NamedParameters params;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final NDArray mean;
    private final NDArray std;

    /**
     * @param arch the architecture
     * @param channels input channels
     * @param classes number of classes
     * @param mean per-channel mean of the training pixels
     * @param std per-channel standard deviation
     * @param seed initialisation seed
     */
    public ResNetClassifier(Architecture arch, int channels, int classes, float[] mean, float[] std, long seed) {
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException("normalisation needs one mean and std per channel (" + channels + ")");
        }
        MixKitRuntime.init();
        this.manager = NDManager.newBaseManager();
        this.arch = arch;
        this.channels = channels;
        this.classes = classes;
        this.params = new NamedParameters(manager);
        manager.getEngine().setRandomSeed((int) seed);
        this.mean = manager.create(mean, new Shape(1, channels, 1, 1));
        this.std = manager.create(std, new Shape(1, channels, 1, 1));
        conv("conv1", channels, arch.widths()[0], 3);
        int in = arch.widths()[0];
        for (int g = 0; g < arch.widths().length; g++) {
            int out = arch.widths()[g];
            for (int b = 0; b < arch.blocks()[g]; b++) {
                String p = "layer" + (g + 1) + "." + b + ".";
                int stride = b == 0 && g > 0 ? 2 : 1;
                batchNorm(p + "bn1", in);
                conv(p + "conv1", in, out, 3);
                batchNorm(p + "bn2", out);
                conv(p + "conv2", out, out, 3);
                if (stride != 1 || in != out) {
                    conv(p + "shortcut.0", in, out, 1);
                }
                in = out;
            }
        }
        batchNorm("bn", in);
        params.normal("linear.weight", (float) (1 / Math.sqrt(in)), classes, in);
        params.constant("linear.bias", 0f, classes);
    }

    private void conv(String name, int in, int out, int k) {
        // He initialisation for ReLU networks.
        params.normal(name + ".weight", (float) Math.sqrt(2.0 / (in * k * k)), out, in, k, k);
    }

    private void batchNorm(String name, int c) {
        params.constant(name + ".weight", 1f, c);
        params.constant(name + ".bias", 0f, c);
        NDArray rm = manager.zeros(new Shape(c));
        NDArray rv = manager.ones(new Shape(c));
        rm.setName(name + ".running_mean");
        rv.setName(name + ".running_var");
        buffers.put(name + ".running_mean", rm);
        buffers.put(name + ".running_var", rv);
    }

    /** @return the architecture */
    public Architecture architecture() {
        return arch;
    }

    /** @return the per-channel mean the pixels are normalised with */
    public float[] mean() {
        return mean.toFloatArray();
    }

    /** @return the per-channel standard deviation the pixels are normalised with */
    public float[] std() {
        return std.toFloatArray();
    }

    /** @return the BatchNorm epsilon */
    public static float batchNormEpsilon() {
        return BN_EPS;
    }

    /** @return input channels */
    public int channels() {
        return channels;
    }

    @Override
    public int numStages() {
        return arch.widths().length;
    }

    @Override
    public int numClasses() {
        return classes;
    }

    @Override
    public NamedParameters parameters() {
        return params;
    }

    @Override
    public Map<String, NDArray> buffers() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    @Override
    public boolean isHeadParameter(String name) {
        return name.startsWith("linear.");
    }

    @Override
    public StageState forwardTo(int stage, ImageBatch inputs, NDManager sm, boolean training) {
        if (inputs.channels() != channels) {
            throw new IllegalArgumentException("the model takes " + channels + "-channel images, the batch has " + inputs.channels());
        }
        NDArray x = normalise(inputs.toArray(sm));
        for (int g = 1; g <= stage; g++) {
            x = group(g, x, training);
        }
        return new StageState(x, null);
    }

    /**
     * @param pixels {@code [N, C, H, W]} in [0, 1]
     * @return {@code (pixels - mean) / std}, the stage-0 state
     */
    public NDArray normalise(NDArray pixels) {
        return pixels.sub(mean).div(std);
    }

    @Override
    public NDArray forwardFrom(int stage, StageState state, boolean training) {
        NDArray x = state.value();
        for (int g = stage + 1; g <= numStages(); g++) {
            x = group(g, x, training);
        }
        x = bnRelu("bn", x, training);
        x = x.reshape(x.getShape().get(0), x.getShape().get(1), -1).mean(new int[] {2});
        return Linear.linear(x, params.get("linear.weight"), params.get("linear.bias")).singletonOrThrow();
    }

    private NDArray group(int g, NDArray x, boolean training) {
        if (g == 1) {
            x = conv2d("conv1", x, 1);
        }
        for (int b = 0; b < arch.blocks()[g - 1]; b++) {
            String p = "layer" + g + "." + b + ".";
            int stride = b == 0 && g > 1 ? 2 : 1;
            NDArray a = bnRelu(p + "bn1", x, training);
            NDArray shortcut = params.contains(p + "shortcut.0.weight") ? conv2d(p + "shortcut.0", a, stride) : x;
            NDArray h = conv2d(p + "conv1", a, stride);
            h = conv2d(p + "conv2", bnRelu(p + "bn2", h, training), 1);
            x = h.add(shortcut);
        }
        return x;
    }

    private NDArray conv2d(String name, NDArray x, int stride) {
        NDArray w = params.get(name + ".weight");
        int pad = (int) w.getShape().get(2) / 2;
        return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
    }

    private NDArray bnRelu(String name, NDArray x, boolean training) {
        // DJL's momentum is the share kept: 0.9 here is PyTorch's momentum 0.1.
        NDArray y = BatchNorm.batchNorm(x, buffers.get(name + ".running_mean"), buffers.get(name + ".running_var"),
                params.get(name + ".weight"), params.get(name + ".bias"), 1, 0.9f, BN_EPS, training).singletonOrThrow();
        return Activation.relu(y);
    }

    @Override
    public void close() {
        manager.close();
    }
}
