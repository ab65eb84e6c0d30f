package io.mixkit.text.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.mix.AttentionMasks;
import io.mixkit.mix.ConvexLabeling;
import io.mixkit.mix.GridEnergy;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.PuzzleMixEnergy;
import io.mixkit.mix.Partners;
import io.mixkit.mix.Saliency;
import io.mixkit.mix.SoftTargets;
import io.mixkit.mix.TokenChainMask;
import io.mixkit.text.EncodedBatch;
import io.mixkit.train.Batch;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.SaliencyPass;
import io.mixkit.train.StageState;
import io.mixkit.train.StepContext;
import io.mixkit.train.StepResult;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Token-level PuzzleMix: PuzzleMix's saliency-keeping graph-cut mask (Kim, Choo &amp; Song, ICML 2020), here
 * over the chain of token blocks of two texts instead of an image grid, applied to BERT hidden states.
 *
 * <p>Per step: a saliency pass on the clean batch (evaluation mode, input gradient only),
 * {@code s_t = sqrt(mean_h (dL/dh0_t)^2)}, padding counted as 0; partners from a permutation; {@code lam ~
 * Beta(alpha, alpha)}; a block size drawn from {@code block_sizes}; per pair the mask over {0, 0.5, 1} on the
 * chain of blocks minimising PuzzleMix's energy ({@link TokenChainMask}: saliency unary, binomial prior,
 * label smoothness {@code beta}, data smoothness {@code gamma} from the embeddings across block boundaries),
 * exactly; then at stage {@code mix_layer} (0 = the embeddings, or a TMix layer)
 * {@code h' = m * h + (1 - m) * h[perm]} per position, mixed rows attending to the union of both padding
 * masks, and {@code y' = w y + (1 - w) y[perm]} with {@code w} the mask's mean over the mixed row's real
 * tokens. With {@code transport} (off by default: it reorders the text), PuzzleMix's block transport then
 * moves each text's salient blocks to where the mask keeps that text ({@link TokenChainMask#transport}: among
 * the blocks of its interior tokens, [CLS], [SEP] and padding fixed), so
 * {@code h'_t = m_t h[src_own(t)] + (1 - m_t) h[perm][src_partner(t)]}; the label weight is unchanged.
 */
public final class TokenPuzzleMix implements MixStrategy<EncodedBatch> {

    /** The registry entry. */
    public static final MethodSpec<EncodedBatch, TextMethodContext, Options> METHOD = MethodSpec.of("tokenpuzzle",
            "after Kim, Choo & Song, ICML 2020 (PuzzleMix), on token blocks",
            "h_k' = m h_k + (1-m) h_k[perm], m a saliency-keeping graph-cut mask over token blocks; y weight = mean of m over real tokens",
            TokenPuzzleMix.class, new Options(1.0, new int[] {1, 2, 4, 8}, 3, 1.2, 0.5, 0.2, 0, false, 0.8),
            (o, c) -> new TokenPuzzleMix(o));

    /**
     * Named as the image PuzzleMix's options where they mean the same.
     *
     * @param alpha Beta concentration of lam (1)
     * @param blockSizes tokens per block to draw from ({1, 2, 4, 8})
     * @param nLabels mask values (3: 0, 0.5, 1)
     * @param beta label smoothness (1.2)
     * @param gamma data smoothness (0.5)
     * @param eta prior weight (0.2)
     * @param mixLayer the stage mixed at (0 = the embeddings)
     * @param transport move salient blocks to where the mask keeps their text (false)
     * @param tEps transport's distance weight (0.8, the image PuzzleMix's)
     */
    public record Options(double alpha, int[] blockSizes, int nLabels, double beta, double gamma, double eta, int mixLayer,
                          boolean transport, double tEps) {
        /** Validates. */
        public Options {
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("tokenpuzzle: alpha must be positive, got " + alpha);
            }
            if (blockSizes == null || blockSizes.length == 0) {
                throw new IllegalArgumentException("tokenpuzzle: block_sizes must list at least one size");
            }
            for (int s : blockSizes) {
                if (s < 1) {
                    throw new IllegalArgumentException("tokenpuzzle: block sizes must be at least 1, got " + s);
                }
            }
            if (mixLayer < 0) {
                throw new IllegalArgumentException("tokenpuzzle: mix_layer must be at least 0, got " + mixLayer);
            }
            if (!(tEps >= 0)) {
                throw new IllegalArgumentException("tokenpuzzle: t_eps must be at least 0, got " + tEps);
            }
            new PuzzleMixEnergy.Settings(nLabels, beta, gamma, eta); // checks those
        }

        /** @return the energy's weights */
        public PuzzleMixEnergy.Settings energy() {
            return new PuzzleMixEnergy.Settings(nLabels, beta, gamma, eta);
        }
    }

    /**
     * One step's mixing plan (exposed for tests and pictures).
     *
     * @param perm partners
     * @param blockSize tokens per block
     * @param lam the drawn weight
     * @param tokenMasks per row, each position's own share
     * @param weights per row, the label weight
     * @param saliency per row, the token saliency
     * @param ownSource per row, the own text's position whose state goes to each position (transport; null: none)
     * @param partnerSource per row, the same for the partner's text
     */
    public record Plan(int[] perm, int blockSize, float lam, float[][] tokenMasks, float[] weights, float[][] saliency,
                       int[][] ownSource, int[][] partnerSource) {

        /** A plan without transport. */
        public Plan(int[] perm, int blockSize, float lam, float[][] tokenMasks, float[] weights, float[][] saliency) {
            this(perm, blockSize, lam, tokenMasks, weights, saliency, null, null);
        }
    }

    private final Options o;
    private Plan plan;

    /** @param o the options */
    public TokenPuzzleMix(Options o) {
        this.o = o;
    }

    @Override
    public String name() {
        return METHOD.name();
    }

    /**
     * The saliency pass and the plan for one batch, outside any step (for pictures): targets are given.
     *
     * @param model the classifier
     * @param in the batch
     * @param targets [B, C] targets of the saliency loss
     * @param manager where the arrays live
     * @param perm partners
     * @param lam the mixing weight
     * @param size tokens per block
     * @return the plan
     */
    public Plan plan(io.mixkit.train.StagedClassifier<EncodedBatch> model, EncodedBatch in, NDArray targets, NDManager manager,
                     int[] perm, float lam, int size) {
        Host h = host(model, in, targets, manager);
        return plan(in, h.saliency(), h.embeddings(), h.hidden(), perm, lam, size);
    }

    private Plan plan(io.mixkit.train.StagedClassifier<EncodedBatch> model, EncodedBatch in, NDArray targets, NDManager manager,
                      UniformRandomProvider rng) {
        Host h = host(model, in, targets, manager);
        return plan(in, h.saliency(), h.embeddings(), h.hidden(), rng);
    }

    /** What the plan reads on the host: token saliency, and the embeddings only when data smoothness needs them. */
    private record Host(float[] saliency, float[] embeddings, int hidden) {}

    private Host host(io.mixkit.train.StagedClassifier<EncodedBatch> model, EncodedBatch in, NDArray targets, NDManager manager) {
        SaliencyPass.Result pass = SaliencyPass.run(model, in, targets, manager, false, 1f, false);
        float[] sal = Saliency.rms(pass.gradient(), -1).toFloatArray();
        if (o.gamma() <= 0) {
            return new Host(sal, null, 0);
        }
        NDArray h0 = model.forwardTo(0, in, manager, false).value();
        return new Host(sal, h0.toFloatArray(), (int) h0.getShape().get(2));
    }

    @Override
    public Batch<EncodedBatch> beforeRecording(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        if (o.mixLayer() > ctx.model().numStages()) {
            throw new IllegalArgumentException("tokenpuzzle: mix_layer " + o.mixLayer() + " is outside 0.."
                    + ctx.model().numStages() + " for this model");
        }
        EncodedBatch in = batch.inputs();
        NDArray oneHot = SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses());
        plan = plan(ctx.model(), in, oneHot, ctx.manager(), ctx.random());
        return batch;
    }

    /**
     * The mixing plan from saliency and embeddings (pure host computation).
     *
     * @param in the batch
     * @param saliency [B * T] token saliency
     * @param embeddings [B * T * H] stage-0 states (data smoothness; null when gamma is 0)
     * @param hidden H
     * @param rng draws the partners, lam and the block size
     * @return the plan
     */
    public Plan plan(EncodedBatch in, float[] saliency, float[] embeddings, int hidden, UniformRandomProvider rng) {
        int[] perm = Partners.permutation(in.inputIds().length, rng);
        float lam = new MixingWeights(o.alpha(), false, LambdaMode.BATCH).sample(rng, perm)[0];
        int size = o.blockSizes()[rng.nextInt(o.blockSizes().length)];
        return plan(in, saliency, embeddings, hidden, perm, lam, size);
    }

    /**
     * The mixing plan for given partners, weight and block size (pictures choose them).
     *
     * @param in the batch
     * @param saliency [B * T] token saliency
     * @param embeddings [B * T * H] stage-0 states
     * @param hidden H
     * @param perm partners
     * @param lam the mixing weight
     * @param size tokens per block
     * @return the plan
     */
    public Plan plan(EncodedBatch in, float[] saliency, float[] embeddings, int hidden, int[] perm, float lam, int size) {
        int n = in.inputIds().length;
        int t = in.length();
        float[][] sal = new float[n][];
        boolean smooth = o.gamma() > 0 && embeddings != null && t > size;
        float[][][] states = smooth ? new float[n][t][hidden] : null;
        for (int i = 0; i < n; i++) {
            sal[i] = java.util.Arrays.copyOfRange(saliency, i * t, (i + 1) * t);
            for (int p = 0; smooth && p < t; p++) {
                System.arraycopy(embeddings, (i * t + p) * hidden, states[i][p], 0, hidden);
            }
        }
        float[][] masks = new float[n][];
        float[] weights = new float[n];
        int[][] own = o.transport() ? new int[n][] : null;
        int[][] partner = o.transport() ? new int[n][] : null;
        for (int i = 0; i < n; i++) {
            int j = perm[i];
            long[] mi = in.attentionMask()[i];
            long[] mj = in.attentionMask()[j];
            double[][][][] penalty = smooth ? TokenChainMask.boundaryPenalty(states[i], states[j], size) : null;
            GridEnergy e = TokenChainMask.energy(sal[i], sal[j], mi, mj, penalty, size, lam, o.energy());
            float[] blockMask = PuzzleMixEnergy.maskValues(ConvexLabeling.minimise(e), o.nLabels());
            masks[i] = TokenChainMask.tokenMask(blockMask, size, t);
            weights[i] = TokenChainMask.labelWeight(masks[i], mi, mj);
            if (o.transport()) {
                float[] inverse = new float[blockMask.length];
                for (int b = 0; b < inverse.length; b++) {
                    inverse[b] = 1 - blockMask[b];
                }
                own[i] = TokenChainMask.transport(blockMask, sal[i], mi, size, o.tEps());
                partner[i] = TokenChainMask.transport(inverse, sal[j], mj, size, o.tEps());
            }
        }
        return new Plan(perm, size, lam, masks, weights, sal, own, partner);
    }

    @Override
    public StepResult forward(StepContext<EncodedBatch> ctx, Batch<EncodedBatch> batch) {
        StageState clean = ctx.model().forwardTo(o.mixLayer(), batch.inputs(), ctx.manager(), true);
        StageState mixed = apply(clean, plan);
        NDArray targets = SoftTargets.mix(SoftTargets.oneHot(ctx.manager(), batch.labels(), ctx.numClasses()), plan.perm(),
                plan.weights());
        return new StepResult(ctx.model().forwardFrom(o.mixLayer(), mixed, true), targets);
    }

    /**
     * @param state clean states [B, T, H] with their mask
     * @param p the plan
     * @return {@code m * h + (1 - m) * h[perm]} per position (with transport, each side's states moved first),
     *     attending to the union of both masks
     */
    public static StageState apply(StageState state, Plan p) {
        NDArray h = state.value();
        NDManager m = h.getManager();
        int n = p.perm().length;
        int t = p.tokenMasks()[0].length;
        float[] flat = new float[n * t];
        for (int i = 0; i < n; i++) {
            System.arraycopy(p.tokenMasks()[i], 0, flat, i * t, t);
        }
        NDArray mask = m.create(flat, new Shape(n, t, 1)).toType(h.getDataType(), false);
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = p.perm()[i];
        }
        NDArray own = h;
        NDArray partner = h.get(m.create(idx));
        if (p.ownSource() != null) {
            long[] a = new long[n * t];
            long[] b = new long[n * t];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < t; k++) {
                    a[i * t + k] = (long) i * t + p.ownSource()[i][k];
                    b[i * t + k] = (long) p.perm()[i] * t + p.partnerSource()[i][k];
                }
            }
            Shape shape = h.getShape();
            NDArray rows = h.reshape(n * t, shape.get(2));
            own = rows.get(m.create(a)).reshape(shape);
            partner = rows.get(m.create(b)).reshape(shape);
        }
        NDArray value = partner.add(own.sub(partner).mul(mask));
        return new StageState(value, state.mask() == null ? null : AttentionMasks.union(state.mask(), p.perm()));
    }
}
