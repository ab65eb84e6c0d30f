package io.mixkit.text.weights;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one map from a weight file's tensor names to Hugging Face BERT names.
 *
 * <p>Handles: a {@code bert.} prefix (BertForSequenceClassification / BertForMaskedLM checkpoints),
 * TensorFlow checkpoint names ({@code module/bert/encoder/layer_3/attention/self/query/kernel},
 * {@code gamma}/{@code beta}, embeddings without {@code .weight}), the pre-2019 Hugging Face
 * {@code LayerNorm.gamma}/{@code beta}, and the MLM head ({@code cls.predictions...}), which keeps its
 * name. Returns the name unchanged when nothing applies.
 */
public final class WeightNames {

    private static final Pattern TF_LAYER = Pattern.compile("layer_(\\d+)");

    private WeightNames() {}

    /**
     * @param sourceName the name in the file
     * @return the Hugging Face name
     */
    public static String toHuggingFace(String sourceName) {
        String n = sourceName;
        boolean tf = n.contains("/");
        if (tf) {
            n = n.replaceFirst("^module/", "");
            Matcher m = TF_LAYER.matcher(n);
            n = m.replaceAll("layer.$1");
            n = n.replace('/', '.');
            if (n.endsWith(".kernel")) {
                n = n.substring(0, n.length() - ".kernel".length()) + ".weight";
            }
            if (n.endsWith("_embeddings")) {
                n = n + ".weight";
            }
            if (n.equals("cls.predictions.output_bias")) {
                n = "cls.predictions.bias";
            }
        }
        if (n.endsWith(".gamma")) {
            n = n.substring(0, n.length() - ".gamma".length()) + ".weight";
        } else if (n.endsWith(".beta")) {
            n = n.substring(0, n.length() - ".beta".length()) + ".bias";
        }
        if (n.startsWith("bert.")) {
            n = n.substring("bert.".length());
        }
        return n;
    }

    /**
     * TensorFlow dense kernels are stored [in, out]; PyTorch Linear weights are [out, in].
     *
     * @param sourceName the name in a TensorFlow bundle
     * @return whether the tensor must be transposed
     */
    public static boolean isTensorFlowKernel(String sourceName) {
        return sourceName.endsWith("/kernel");
    }
}
