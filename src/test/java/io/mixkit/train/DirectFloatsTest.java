package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mixkit.MixKitRuntime;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A view is given only where writing through it writes the tensor. */
class DirectFloatsTest {

    @Test
    void aContiguousFp32ArrayIsWrittenThroughItsView() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4, 5, 6}).reshape(2, 3);
            FloatBuffer view = DirectFloats.of(a);
            assertNotNull(view);
            assertEquals(6, view.capacity());
            assertEquals(5f, view.get(4));
            view.put(4, -7.5f);
            assertArrayEquals(new float[] {1, 2, 3, 4, -7.5f, 6}, a.toFloatArray());
        }
    }

    @Test
    void aStridedOrOtherTypedArrayHasNoView() {
        MixKitRuntime.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4, 5, 6}).reshape(2, 3);
            assertNull(DirectFloats.of(a.transpose()), "a transposed view (strides 1, 3)");
            assertNull(DirectFloats.of(a.toType(DataType.FLOAT64, false)), "fp64");
            assertNull(DirectFloats.of(m.create(new int[] {1, 2})), "int32");
        }
    }
}
