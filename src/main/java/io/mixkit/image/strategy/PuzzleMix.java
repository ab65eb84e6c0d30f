package io.mixkit.image.strategy;

import ai.djl.ndarray.NDArray;
import io.mixkit.image.ImageBatch;
import io.mixkit.mix.AlphaBetaSwap;
import io.mixkit.mix.BlockTransport;
import io.mixkit.mix.ConvexLabeling;
import io.mixkit.mix.GridMasks;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.Partners;
import io.mixkit.mix.PuzzleMixEnergy;
import io.mixkit.mix.PuzzleMixPair;
import io.mixkit.mix.Saliency;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.SaliencyPass;
import io.mixkit.train.StepContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * PuzzleMix (Kim, Choo &amp; Song, ICML 2020): per pair, the mask that keeps the most saliency under a
 * smoothness and a binomial prior, found by graph cuts, with salient blocks transported to where the
 * mask keeps them.
 *
 * <p>Per step (Kim et al., ICML 2020, Algorithm 1): a saliency pass on the clean batch ({@code s = sqrt(mean_c g^2)},
 * {@code g} the gradient of the mean CE with respect to the normalised input; in eval mode and discarded
 * when {@code cleanLam = 0}, otherwise in train mode with loss {@code cleanLam * CE} whose parameter
 * gradients are kept); {@code g} blocks per side drawn from {@code gridSizes}, a permutation and
 * {@code lam ~ Beta(alpha, alpha)}; per image, in parallel, the {@link PuzzleMixEnergy} minimised on the
 * block grid (exactly by {@link ConvexLabeling}, or by the reference's {@link AlphaBetaSwap} moves), then (with {@code transport}) {@link BlockTransport} of the
 * image under {@code m} and of the partner under {@code 1 - m} on a grid of {@code tSize}-pixel blocks;
 * {@code x = up(m) x1' + (1 - up(m)) x2'} and label weight {@code mean(m)}. The adversarial option adds,
 * with probability {@code advP} to each side of the mix, one FGSM step built from the saliency pass's
 * gradient (random start in {@code +-advEps/255}, step {@code (advEps + 2)/255 sign(g)}, clipped, scaled by
 * {@code U(0, 1)}), at no extra pass. The loss is soft cross-entropy (as the ImageNet code and OpenMixup).
 */
public final class PuzzleMix extends MixedInputStrategy implements DrawsMixes {

    /** The registry entry: the reference's CIFAR settings (without the adversarial step). */
    public static final MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, Settings> METHOD = MethodSpec.of("puzzlemix",
            "Kim, Choo & Song, ICML 2020",
            "x = up(m) T(x1) + (1 - up(m)) T(x2), m a saliency-keeping graph-cut mask; y weight mean(m)",
            PuzzleMix.class, Settings.builder().build(), (o, model) -> new PuzzleMix(o));

    /**
     * Every option of the reference, with its names; the defaults are written once, in {@link Builder}.
     *
     * @param alpha Beta concentration of lam (1)
     * @param gridSizes blocks per side to draw from ({2, 4, 8, 16})
     * @param nLabels mask values (3: 0, 0.5, 1)
     * @param beta label smoothness (1.2)
     * @param gamma data smoothness (0.5)
     * @param eta prior weight (0.2)
     * @param neighSize pooling of pixels for the data-smoothness term (4)
     * @param transport whether to transport blocks (true)
     * @param tEps transport distance weight (0.8)
     * @param tSize transport block side in pixels (4; -1 = the mask's blocks)
     * @param advP probability of the adversarial step on each side (0 = off; reference 0.1 with it)
     * @param advEps adversarial radius in 1/255 units (10)
     * @param cleanLam weight of the clean loss of the saliency pass (0)
     * @param graphThreads graph cuts solved in parallel (the number of cores)
     * @param maskSolver {@code exact} (one min-cut on Ishikawa's graph: the global minimum, {@link ConvexLabeling})
     *     or {@code swap} (alpha-beta swap moves, as the reference through gco: a local minimum)
     */
    public record Settings(double alpha, int[] gridSizes, int nLabels, double beta, double gamma, double eta,
                           int neighSize, boolean transport, double tEps, int tSize, double advP, double advEps,
                           double cleanLam, int graphThreads, String maskSolver) {

        /** @return the energy's weights */
        public PuzzleMixEnergy.Settings energy() {
            return new PuzzleMixEnergy.Settings(nLabels, beta, gamma, eta);
        }

        /**
         * @param height image height
         * @param width image width
         * @throws IllegalArgumentException unless the images are square and every grid divides them
         */
        public void checkImages(int height, int width) {
            if (height != width) {
                throw new IllegalArgumentException("puzzlemix needs square images, got " + width + "x" + height);
            }
            for (int g : gridSizes) {
                if (g < 1 || height % g != 0) {
                    throw new IllegalArgumentException("puzzlemix: a grid of " + g + " blocks does not divide " + height
                            + "-pixel images (pad them, e.g. 28 to 32, or choose --grid-sizes)");
                }
            }
        }

        /** Validates the ranges. */
        public Settings {
            if (gridSizes == null || gridSizes.length == 0) {
                throw new IllegalArgumentException("puzzlemix: the set of grid sizes is empty");
            }
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("puzzlemix: alpha must be positive, got " + alpha);
            }
            if (neighSize < 1 || advP < 0 || advP > 1 || advEps < 0 || cleanLam < 0 || graphThreads < 1 || tEps < 0) {
                throw new IllegalArgumentException("puzzlemix: neigh_size >= 1, adv_p in [0,1], adv_eps >= 0, clean_lam >= 0, t_eps >= 0 and graph_threads >= 1 are required");
            }
            if (!"exact".equals(maskSolver) && !"swap".equals(maskSolver)) {
                throw new IllegalArgumentException("puzzlemix: unknown mask solver '" + maskSolver + "'; expected exact or swap");
            }
            new PuzzleMixEnergy.Settings(nLabels, beta, gamma, eta); // its own checks
        }

        /** @return a builder holding the reference's defaults */
        public static Builder builder() {
            return new Builder();
        }

        /** @return a builder holding these settings */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.alpha = alpha;
            b.gridSizes = gridSizes;
            b.nLabels = nLabels;
            b.beta = beta;
            b.gamma = gamma;
            b.eta = eta;
            b.neighSize = neighSize;
            b.transport = transport;
            b.tEps = tEps;
            b.tSize = tSize;
            b.advP = advP;
            b.advEps = advEps;
            b.cleanLam = cleanLam;
            b.graphThreads = graphThreads;
            b.maskSolver = maskSolver;
            return b;
        }

        /** Builds {@link Settings}; its fields' initial values are the reference's CIFAR defaults. */
        public static final class Builder {
            private double alpha = 1.0;
            private int[] gridSizes = {2, 4, 8, 16};
            private int nLabels = 3;
            private double beta = 1.2;
            private double gamma = 0.5;
            private double eta = 0.2;
            private int neighSize = 4;
            private boolean transport = true;
            private double tEps = 0.8;
            private int tSize = 4;
            private double advP;
            private double advEps = 10;
            private double cleanLam;
            private int graphThreads = Runtime.getRuntime().availableProcessors();
            private String maskSolver = "exact";

            private Builder() {}

            /** @param v Beta concentration @return this */
            public Builder optAlpha(double v) {
                alpha = v;
                return this;
            }

            /** @param v blocks per side to draw from @return this */
            public Builder optGridSizes(int... v) {
                gridSizes = v.clone();
                return this;
            }

            /** @param v block transport @param eps its distance weight @param size its block side (-1: the mask's) @return this */
            public Builder optTransport(boolean v, double eps, int size) {
                transport = v;
                tEps = eps;
                tSize = size;
                return this;
            }

            /** @param v block transport on or off @return this */
            public Builder optTransport(boolean v) {
                transport = v;
                return this;
            }

            /** @param p probability per side @param eps radius in 1/255 @return this */
            public Builder optAdversarial(double p, double eps) {
                advP = p;
                advEps = eps;
                return this;
            }

            /** @param v weight of the saliency pass's clean loss @return this */
            public Builder optCleanLam(double v) {
                cleanLam = v;
                return this;
            }

            /** @param v graph cuts in parallel @return this */
            public Builder optGraphThreads(int v) {
                graphThreads = v;
                return this;
            }

            /** @param v exact or swap @return this */
            public Builder optMaskSolver(String v) {
                maskSolver = v;
                return this;
            }

            /** @return the settings */
            public Settings build() {
                return new Settings(alpha, gridSizes, nLabels, beta, gamma, eta, neighSize, transport, tEps, tSize, advP,
                        advEps, cleanLam, graphThreads, maskSolver);
            }
        }
    }

    /**
     * One mixing draw (for tests and pictures).
     *
     * @param mixed mixed images
     * @param perm partners
     * @param blocks blocks per side of the mask
     * @param lam the sampled weight
     * @param masks per image, the {@code g x g} mask (share of the own image)
     * @param ownWeight per image, {@code mean(mask)}
     * @param transported1 per image, the own image after transport
     * @param transported2 per image, the partner after transport
     */
    public record Mixed(ImageBatch mixed, int[] perm, int blocks, float lam, float[][] masks, float[] ownWeight,
                        float[][] transported1, float[][] transported2) {}

    private final Settings s;
    private final MixingWeights weights;
    private final ForkJoinPool pool;
    private double maskSeconds;
    private double saliencySeconds;

    /** @param settings the options */
    public PuzzleMix(Settings settings) {
        this.s = settings;
        this.weights = new MixingWeights(settings.alpha(), false, LambdaMode.BATCH);
        this.pool = new ForkJoinPool(settings.graphThreads());
    }

    @Override
    public String name() {
        return "puzzlemix";
    }

    /** @return seconds the last step spent on the saliency pass (forward and input-gradient backward) */
    public double lastSaliencySeconds() {
        return saliencySeconds;
    }

    /** @return seconds the last step spent on mask optimisation and transport (host side) */
    public double lastMaskSeconds() {
        return maskSeconds;
    }

    @Override
    public Batch<ImageBatch> mix(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch) {
        Map<String, Float> logged = new LinkedHashMap<>(batch.logged());
        Mixed m = draw(ctx, batch, logged, Float.NaN);
        var targets = SoftTargets.mix(SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()), m.perm(), m.ownWeight());
        return new Batch<>(m.mixed(), batch.labels(), targets, logged);
    }

    /**
     * The saliency pass and the mixing of one batch (what {@link #mix} trains on; also for pictures).
     *
     * @param ctx the step (its model gives the saliency; its random source the draws)
     * @param batch the clean batch
     * @param logged receives {@code loss_clean} when the clean loss is trained
     * @param fixedLam a mixing weight to use instead of a Beta draw (pictures), or NaN
     * @return the mixing
     */
    public Mixed draw(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, Map<String, Float> logged, float fixedLam) {
        ImageBatch x = batch.inputs();
        check(x);
        UniformRandomProvider rng = ctx.random();
        boolean adv1 = s.advP() > 0 && rng.nextDouble() < s.advP();
        boolean adv2 = s.advP() > 0 && rng.nextDouble() < s.advP();
        float eps = (float) (s.advEps() / 255);
        float[] noise = null;
        ImageBatch probeInput = x;
        if (adv1 || adv2) {
            noise = new float[x.pixels().length];
            float[] noisy = new float[noise.length];
            for (int i = 0; i < noise.length; i++) {
                float v = Math.min(1, Math.max(0, x.pixels()[i] + (float) ((rng.nextDouble() * 2 - 1) * eps)));
                noise[i] = v - x.pixels()[i];
                noisy[i] = v;
            }
            probeInput = new ImageBatch(noisy, x.count(), x.channels(), x.height(), x.width());
        }
        // 1. Saliency pass.
        // With clean_lam > 0 the pass's loss is part of the step (its weight gradients kept, training mode);
        // otherwise only the input gradient is wanted.
        boolean train = s.cleanLam() > 0;
        long t0 = System.nanoTime();
        SaliencyPass.Result pass = SaliencyPass.run(ctx.model(), probeInput,
                SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()), ctx.manager(), train,
                train ? (float) s.cleanLam() : 1f, train);
        float cleanLoss = pass.loss();
        NDArray grad = pass.gradient();
        float[] saliency = Saliency.rms(grad, 1).toFloatArray();
        saliencySeconds = (System.nanoTime() - t0) / 1e9;
        if (noise != null) {
            float[] sign = grad.sign().toFloatArray();
            float coef = (float) rng.nextDouble();
            float step = (float) ((s.advEps() + 2) / 255);
            for (int i = 0; i < noise.length; i++) {
                noise[i] = coef * Math.min(eps, Math.max(-eps, noise[i] + step * sign[i]));
            }
        }
        // 2. Mask, transport, mix.
        int blocks = s.gridSizes()[rng.nextInt(s.gridSizes().length)];
        int[] perm = Partners.permutation(x.count(), rng);
        float lam = weights.sample(rng, perm)[0];
        if (!Float.isNaN(fixedLam)) {
            lam = fixedLam;
        }
        if (train) {
            logged.put("loss_clean", cleanLoss);
        }
        return mix(x, saliency, perm, blocks, lam, noise, adv1, adv2);
    }

    private void check(ImageBatch x) {
        s.checkImages(x.height(), x.width());
    }

    /**
     * The mixing of one batch given its saliency (pure host computation; graph cuts in parallel).
     *
     * @param x clean images in [0, 1]
     * @param saliency per image, {@code H x W} saliency (N*H*W values)
     * @param perm partners
     * @param blocks blocks per side g
     * @param lam the sampled weight
     * @param noise adversarial perturbation per pixel, or null
     * @param adv1 add the noise to each image's own side
     * @param adv2 add the noise to the partner side
     * @return the mixed batch and its masks
     */
    public Mixed mix(ImageBatch x, float[] saliency, int[] perm, int blocks, float lam, float[] noise, boolean adv1, boolean adv2) {
        long t0 = System.nanoTime();
        int n = x.count();
        int size = x.height();
        int c = x.channels();
        int plane = size * size;
        int blockSize = size / blocks;
        int neigh = Math.min(s.neighSize(), blockSize);
        if (blockSize % neigh != 0) {
            throw new IllegalArgumentException("puzzlemix: neigh_size " + neigh + " does not divide the " + blockSize + "-pixel blocks");
        }
        PuzzleMixPair.Side[] clean = new PuzzleMixPair.Side[n];
        for (int i = 0; i < n; i++) {
            float[] image = x.image(i);
            float[] sal = Arrays.copyOfRange(saliency, i * plane, (i + 1) * plane);
            clean[i] = new PuzzleMixPair.Side(image, sal, GridMasks.poolNormalised(sal, size, blocks),
                    GridMasks.pool3d(image, c, size, size / neigh));
        }
        PuzzleMixPair.Options options = new PuzzleMixPair.Options(s.energy(), s.maskSolver(), s.transport(), s.tSize(), s.tEps());
        PuzzleMixPair.Result[] pairs = new PuzzleMixPair.Result[n];
        Runnable work = () -> IntStream.range(0, n).parallel().forEach(i -> {
            int j = perm[i];
            PuzzleMixPair.Side own = withNoise(clean[i], noise, i, adv1);
            PuzzleMixPair.Side partner = withNoise(clean[j], noise, j, adv2);
            pairs[i] = PuzzleMixPair.mix(own, partner, c, size, blocks, neigh, lam, options);
        });
        try {
            pool.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while solving PuzzleMix masks", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        maskSeconds = (System.nanoTime() - t0) / 1e9;
        float[][] masks = new float[n][];
        float[] own = new float[n];
        float[][] t1 = new float[n][];
        float[][] t2 = new float[n][];
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            masks[i] = pairs[i].mask();
            own[i] = pairs[i].ownWeight();
            t1[i] = pairs[i].own();
            t2[i] = pairs[i].partner();
            out[i] = pairs[i].mixed();
        }
        return new Mixed(x.withImages(out), perm, blocks, lam, masks, own, t1, t2);
    }

    /** The side with the adversarial noise added to its pixels; the energy still sees the clean image. */
    private static PuzzleMixPair.Side withNoise(PuzzleMixPair.Side side, float[] noise, int index, boolean on) {
        if (!on || noise == null) {
            return side;
        }
        float[] img = side.pixels();
        float[] out = new float[img.length];
        for (int k = 0; k < img.length; k++) {
            out[k] = Math.min(1, Math.max(0, img[k] + noise[index * img.length + k]));
        }
        return new PuzzleMixPair.Side(out, side.saliency(), side.pooledSaliency(), side.pooledImage());
    }

    /** Stops the graph-cut threads. */
    @Override
    public void close() {
        pool.shutdown();
    }

    @Override
    public MixDrawing drawMixes(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, int rows, float fixedLam,
                                List<String> classNames) {
        Mixed mixed = draw(ctx, batch, new LinkedHashMap<>(), fixedLam);
        ImageBatch x = batch.inputs();
        List<MixDrawing.Row> out = new ArrayList<>();
        for (int i = 0; i < Math.min(rows, x.count()); i++) {
            out.add(MixDrawing.pair(x, i, mixed.perm()[i], GridMasks.upsample(mixed.masks()[i], x.height()),
                    mixed.mixed().image(i), mixed.ownWeight()[i], batch.labels(), classNames,
                    ", " + mixed.blocks() + "x" + mixed.blocks() + " blocks"));
        }
        return new MixDrawing("PuzzleMix (" + s.maskSolver() + " masks, " + (s.transport() ? "transport" : "no transport")
                + ", " + (Float.isNaN(fixedLam) ? "alpha " + s.alpha() : "lam " + fixedLam) + ")", MixDrawing.PAIR_COLUMNS, out);
    }

    @Override
    public boolean drawingNeedsTrainedModel() {
        return true;
    }
}
