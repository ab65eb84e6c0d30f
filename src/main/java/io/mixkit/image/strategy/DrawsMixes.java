package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.train.Batch;
import io.mixkit.train.StepContext;
import java.util.List;

/**
 * A method that can show how it mixes; {@code visualize} asks the registered methods that implement it,
 * and draws with the method's own code, never a copy.
 */
public interface DrawsMixes {

    /**
     * @param ctx the step context (its model gives saliency to methods that use it; its random draws)
     * @param batch the images, with labels
     * @param rows rows to draw (at most the batch size)
     * @param fixedLam a mixing weight to use instead of the method's draw, or NaN
     * @param classNames class names for the captions
     * @return the drawing
     */
    MixDrawing drawMixes(StepContext<ImageBatch> ctx, Batch<ImageBatch> batch, int rows, float fixedLam,
                         List<String> classNames);

    /** @return whether the drawing depends on a trained model (PuzzleMix's saliency) */
    default boolean drawingNeedsTrainedModel() {
        return false;
    }
}
