package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids of a padded batch, as plain arrays (no native memory until {@link #ids} etc. are called).
 *
 * @param inputIds [B][T] token ids
 * @param attentionMask [B][T] 1 for tokens, 0 for padding
 * @param tokenTypeIds [B][T] segment ids (0 for the first sentence, 1 for the second)
 * @param truncatedRows which rows were cut to the maximum length
 */
public record EncodedBatch(long[][] inputIds, long[][] attentionMask, long[][] tokenTypeIds, boolean[] truncatedRows) {

    /** @return how many rows were cut to the maximum length */
    public int truncated() {
        int n = 0;
        for (boolean t : truncatedRows) {
            n += t ? 1 : 0;
        }
        return n;
    }

    /** @return batch size */
    public int size() {
        return inputIds.length;
    }

    /** @return padded length T */
    public int length() {
        return inputIds.length == 0 ? 0 : inputIds[0].length;
    }

    /** @param m manager @return [B, T] int64 ids */
    public NDArray ids(NDManager m) {
        return create(m, inputIds, DataType.INT64);
    }

    /** @param m manager @return [B, T] float32 mask */
    public NDArray mask(NDManager m) {
        return create(m, attentionMask, DataType.INT64).toType(DataType.FLOAT32, false);
    }

    /** @param m manager @return [B, T] int64 token types */
    public NDArray typeIds(NDManager m) {
        return create(m, tokenTypeIds, DataType.INT64);
    }

    private static NDArray create(NDManager m, long[][] rows, DataType t) {
        int b = rows.length;
        int len = b == 0 ? 0 : rows[0].length;
        long[] flat = new long[b * len];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[i], 0, flat, i * len, len);
        }
        return m.create(flat, new Shape(b, len));
    }

    /**
     * Stacks batches row-wise, padding every row to the longest.
     *
     * @param parts the batches, in order
     * @param padId the tokenizer's [PAD] id
     * @return one batch
     */
    public static EncodedBatch concat(java.util.List<EncodedBatch> parts, long padId) {
        int rows = 0;
        int len = 0;
        for (EncodedBatch b : parts) {
            rows += b.size();
            len = Math.max(len, b.length());
        }
        long[][] ids = new long[rows][len];
        long[][] mask = new long[rows][len];
        long[][] types = new long[rows][len];
        boolean[] cut = new boolean[rows];
        int r = 0;
        for (EncodedBatch b : parts) {
            for (int i = 0; i < b.size(); i++, r++) {
                java.util.Arrays.fill(ids[r], padId);
                System.arraycopy(b.inputIds()[i], 0, ids[r], 0, b.length());
                System.arraycopy(b.attentionMask()[i], 0, mask[r], 0, b.length());
                System.arraycopy(b.tokenTypeIds()[i], 0, types[r], 0, b.length());
                cut[r] = b.truncatedRows()[i];
            }
        }
        return new EncodedBatch(ids, mask, types, cut);
    }
}
