package io.mixkit.train;

/**
 * A labeled dataset the loop can draw batches from by index.
 *
 * @param <I> the model's input type
 */
public interface BatchSource<I> {

    /** @return the number of examples */
    int size();

    /** @param index an example @return its class */
    int label(int index);

    /**
     * What an example costs to run, for grouping examples of similar size into batches (a text's
     * length); all equal by default, which turns grouping off.
     *
     * @param index an example
     * @return its size, in any unit that grows with the cost
     */
    default int lengthHint(int index) {
        return 0;
    }

    /**
     * @param indices the examples of a batch, in order
     * @return their model inputs
     */
    I inputs(int[] indices);

    /**
     * @param indices the examples of a batch
     * @return the batch with hard labels
     */
    default Batch<I> batch(int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = label(indices[i]);
        }
        return new Batch<>(inputs(indices), labels);
    }
}
