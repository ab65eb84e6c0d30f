package io.mixkit.image.data;

import io.mixkit.image.ImageBatch;
import io.mixkit.train.BatchSource;

/** Batches of an {@link ImageDataset} by index (pixels copied as they are; augmentation happens per step). */
public final class ImageBatchSource implements BatchSource<ImageBatch> {

    private final ImageDataset data;

    /** @param data the images */
    public ImageBatchSource(ImageDataset data) {
        this.data = data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int label(int index) {
        return data.labels()[index];
    }

    @Override
    public ImageBatch inputs(int[] indices) {
        int len = data.imageLength();
        float[] out = new float[indices.length * len];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data.pixels(), indices[i] * len, out, i * len, len);
        }
        return new ImageBatch(out, indices.length, data.channels(), data.height(), data.width());
    }
}
