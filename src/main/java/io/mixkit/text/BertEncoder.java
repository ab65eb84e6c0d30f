package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.mixkit.mix.Scalars;
import io.mixkit.train.Bf16Compute;
import io.mixkit.train.DropoutMasks;
import io.mixkit.train.Precision;
import io.mixkit.train.NamedParameters;
import io.mixkit.train.StageState;

/**
 * A BERT encoder built from DJL operators, with Hugging Face parameter names and stage-wise access.
 *
 * <p>Devlin et al. 2019. Embeddings: {@code LN(word[ids] + position[t] + type[types])}; each layer
 * {@code a = LN(h + Attn(h)); h' = LN(a + W2 act(W1 a))} with
 * {@code Attn = softmax(QK^T / sqrt(d) + maskBias) V} over {@code numHeads} heads and an additive
 * padding mask. Stage 0 is the embedding output, stage k the output of layer k; mixing methods run
 * {@link #forwardTo} to a stage, mix, and {@link #forwardFrom} the same stage to the end (TMix mixes
 * at stage 7, 9 or 12 of BERT-base; EmbedMix at stage 0).
 *
 * <p>All operator chains start from per-step arrays (ids, hidden states), so every intermediate lives
 * on the caller's per-step manager, never on the model's.
 */
public final class BertEncoder {

    private Precision precision = Precision.FP32;

    /** Additive bias on padded keys: exp of it underflows to exactly 0 in float32. */
    private static final float MASKED = -1e9f;

    private final BertConfig config;
    private final NamedParameters params;

    /**
     * Creates the parameters, initialised as BERT does (Normal(0, 0.02) weights, zero biases,
     * unit LayerNorms); load pretrained weights over them with {@code WeightLoader}.
     *
     * @param config the shape
     * @param params where the parameters are created (the model's manager)
     */
    public BertEncoder(BertConfig config, NamedParameters params) {
        this.config = config;
        this.params = params;
        int h = config.hiddenSize();
        params.normal("embeddings.word_embeddings.weight", 0.02f, config.vocabSize(), h);
        params.normal("embeddings.position_embeddings.weight", 0.02f, config.maxPositions(), h);
        params.normal("embeddings.token_type_embeddings.weight", 0.02f, config.typeVocabSize(), h);
        layerNormParams("embeddings.LayerNorm", h);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "encoder.layer." + i + ".";
            linearParams(p + "attention.self.query", h, h);
            linearParams(p + "attention.self.key", h, h);
            linearParams(p + "attention.self.value", h, h);
            linearParams(p + "attention.output.dense", h, h);
            layerNormParams(p + "attention.output.LayerNorm", h);
            linearParams(p + "intermediate.dense", config.intermediateSize(), h);
            linearParams(p + "output.dense", h, config.intermediateSize());
            layerNormParams(p + "output.LayerNorm", h);
        }
    }

    private void linearParams(String prefix, int out, int in) {
        params.normal(prefix + ".weight", 0.02f, out, in);
        params.constant(prefix + ".bias", 0f, out);
    }

    private void layerNormParams(String prefix, int h) {
        params.constant(prefix + ".weight", 1f, h);
        params.constant(prefix + ".bias", 0f, h);
    }

    /** @return the shape */
    public BertConfig config() {
        return config;
    }

    /** @return the parameters, by Hugging Face name */
    public NamedParameters parameters() {
        return params;
    }

    /** @return the last stage index, L (stages are 0..L) */
    public int numStages() {
        return config.numLayers();
    }

    /**
     * Runs the embeddings and layers 1..stage.
     *
     * @param stage 0 (embedding output) to L
     * @param batch the tokens; arrays are created on {@code manager}
     * @param manager the per-step manager
     * @param training whether dropout is active
     * @return hidden states after the stage, with the float mask
     */
    public StageState forwardTo(int stage, EncodedBatch batch, NDManager manager, boolean training) {
        checkStage(stage);
        if (batch.length() > config.maxPositions()) {
            throw new IllegalArgumentException("batch is " + batch.length() + " tokens long but the model has only "
                    + config.maxPositions() + " positions");
        }
        NDArray mask = batch.mask(manager);
        NDArray h = embed(batch.ids(manager), batch.typeIds(manager), training);
        StageState s = new StageState(h, mask);
        return stage == 0 ? s : run(0, stage, s, training);
    }

    /**
     * Continues from the output of a stage to the last layer.
     *
     * @param stage the stage the states come from (0..L)
     * @param states hidden states and mask after that stage (possibly mixed)
     * @param training whether dropout is active
     * @return the last hidden state [B, T, H] with the mask
     */
    public StageState forwardFrom(int stage, StageState states, boolean training) {
        checkStage(stage);
        return run(stage, config.numLayers(), states, training);
    }

    /**
     * The full forward pass, {@code forwardFrom(0, forwardTo(0, batch))}.
     *
     * @param batch tokens
     * @param manager per-step manager
     * @param training whether dropout is active
     * @return last hidden state with mask
     */
    public StageState forward(EncodedBatch batch, NDManager manager, boolean training) {
        return forwardTo(config.numLayers(), batch, manager, training);
    }

    private void checkStage(int stage) {
        if (stage < 0 || stage > config.numLayers()) {
            throw new IllegalArgumentException("stage " + stage + " is outside 0.." + config.numLayers()
                    + " for this " + config.numLayers() + "-layer encoder");
        }
    }

    private StageState run(int fromStage, int toStage, StageState s, boolean training) {
        NDArray h = s.value();
        if (fromStage < toStage) {
            // [B, T] mask -> [B, 1, 1, T] additive bias, shared by every layer of this call.
            NDArray bias = Scalars.mul(Scalars.add(s.mask().neg(), 1f), MASKED).expandDims(1).expandDims(1);
            for (int i = fromStage; i < toStage; i++) {
                h = layer(i, h, bias, training);
            }
        }
        return new StageState(h, s.mask());
    }

    private NDArray embed(NDArray ids, NDArray types, boolean training) {
        long t = ids.getShape().get(1);
        NDArray positions = ids.getManager().arange(0, (int) t).toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray x = Embedding.embedding(ids, params.get("embeddings.word_embeddings.weight"), SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray pos = Embedding.embedding(positions, params.get("embeddings.position_embeddings.weight"),
                SparseFormat.DENSE).singletonOrThrow();
        NDArray typ = Embedding.embedding(types, params.get("embeddings.token_type_embeddings.weight"),
                SparseFormat.DENSE).singletonOrThrow();
        x = x.add(pos).add(typ);
        x = layerNorm(x, "embeddings.LayerNorm");
        return dropout(x, config.hiddenDropout(), training);
    }

    private NDArray layer(int i, NDArray h, NDArray maskBias, boolean training) {
        String p = "encoder.layer." + i + ".";
        long b = h.getShape().get(0);
        long t = h.getShape().get(1);
        int heads = config.numHeads();
        int d = config.headSize();
        NDArray q;
        NDArray k;
        NDArray v;
        if (precision == Precision.BF16) {
            String s = p + "attention.self.";
            NDList qkv = Bf16Compute.qkv(h, new NDArray[] {params.get(s + "query.weight"), params.get(s + "key.weight"),
                    params.get(s + "value.weight")}, new NDArray[] {params.get(s + "query.bias"), params.get(s + "key.bias"),
                    params.get(s + "value.bias")});
            q = heads(qkv.get(0), b, t, heads, d);
            k = heads(qkv.get(1), b, t, heads, d);
            v = heads(qkv.get(2), b, t, heads, d);
        } else {
            q = heads(linear(h, p + "attention.self.query"), b, t, heads, d);
            k = heads(linear(h, p + "attention.self.key"), b, t, heads, d);
            v = heads(linear(h, p + "attention.self.value"), b, t, heads, d);
        }
        NDArray scores = Scalars.div(matMul(q, k.transpose(0, 1, 3, 2)), (float) Math.sqrt(d)).add(maskBias);
        NDArray probs = dropout(scores.softmax(-1), config.attentionDropout(), training);
        NDArray ctx = matMul(probs, v).transpose(0, 2, 1, 3).reshape(new Shape(b, t, (long) heads * d));
        NDArray attn = dropout(linear(ctx, p + "attention.output.dense"), config.hiddenDropout(), training);
        attn = layerNorm(attn.add(h), p + "attention.output.LayerNorm");
        NDArray ffn;
        if (precision == Precision.BF16 && config.hiddenAct().equals("gelu")) {
            ffn = Bf16Compute.ffn(attn, params.get(p + "intermediate.dense.weight"), params.get(p + "intermediate.dense.bias"),
                    params.get(p + "output.dense.weight"), params.get(p + "output.dense.bias"));
        } else {
            ffn = linear(activation(linear(attn, p + "intermediate.dense")), p + "output.dense");
        }
        NDArray out = dropout(ffn, config.hiddenDropout(), training);
        return layerNorm(out.add(attn), p + "output.LayerNorm");
    }

    private static NDArray heads(NDArray x, long b, long t, int heads, int d) {
        return x.reshape(new Shape(b, t, heads, d)).transpose(0, 2, 1, 3);
    }

    private NDArray activation(NDArray x) {
        return switch (config.hiddenAct()) {
            case "relu" -> x.getNDArrayInternal().relu();
            case "gelu_new" -> {
                // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3f), 0.044715f)), (float) Math.sqrt(2 / Math.PI));
                yield Scalars.mul(x.mul(Scalars.add(inner.tanh(), 1f)), 0.5f);
            }
            default -> x.getNDArrayInternal().gelu();
        };
    }

    NDArray linear(NDArray x, String prefix) {
        if (precision == Precision.BF16) {
            return Bf16Compute.linear(x, params.get(prefix + ".weight"), params.get(prefix + ".bias"));
        }
        return Linear.linear(x, params.get(prefix + ".weight"), params.get(prefix + ".bias")).singletonOrThrow();
    }

    private NDArray matMul(NDArray a, NDArray b) {
        return precision == Precision.BF16 ? Bf16Compute.matMul(a, b) : a.matMul(b);
    }

    /**
     * @param p the number format of the encoder's matrix products from now on (fp32 by default; bf16 keeps
     *     the weights and everything else fp32, {@link Bf16Compute})
     */
    public void setPrecision(Precision p) {
        precision = p;
    }

    /** @return the number format of the matrix products */
    public Precision precision() {
        return precision;
    }

    NDArray layerNorm(NDArray x, String prefix) {
        return LayerNorm.layerNorm(x, new Shape(config.hiddenSize()), params.get(prefix + ".weight"),
                params.get(prefix + ".bias"), config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return DropoutMasks.apply(x, rate);
    }
}
