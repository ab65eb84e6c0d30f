package io.mixkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

class NativeHeapTest {

    /** glibc's struct mallinfo2 (all size_t), read by value. */
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
                    "fordblks", "keepcost");
        }
    }

    @Test
    void aSixteenMegabyteBlockComesFromTheHeapNotFromMmap() {
        NativeLibrary c;
        try {
            c = NativeLibrary.getInstance("c");
            c.getFunction("gnu_get_libc_version");
            c.getFunction("mallinfo2");
        } catch (RuntimeException | LinkageError e) {
            assumeTrue(false, "glibc 2.33 or later");
            return;
        }
        assumeTrue(!NativeHeap.userChose(System.getenv()), "the environment tunes malloc itself");
        assertEquals(NativeHeap.Outcome.APPLIED, NativeHeap.decide(Map.of()));
        Function malloc = c.getFunction("malloc");
        Function free = c.getFunction("free");
        Function mallinfo2 = c.getFunction("mallinfo2");
        long before = ((MallInfo2) mallinfo2.invoke(MallInfo2.class, new Object[0])).hblkhd;
        // 16 MiB: above glibc's starting threshold (128 KiB), below the 32 MiB MixKit sets. With glibc's
        // defaults it is mmapped (checked by hand: without the decide call below this fails, grew by 16781312)
        Pointer p = (Pointer) malloc.invoke(Pointer.class, new Object[] {16L << 20});
        long during = ((MallInfo2) mallinfo2.invoke(MallInfo2.class, new Object[0])).hblkhd;
        free.invoke(new Object[] {p});
        assertTrue(during - before < (16L << 20), "mmapped bytes grew by " + (during - before));
    }

    @Test
    void theUsersOwnAllocatorSettingsAreLeftAlone() {
        assertTrue(NativeHeap.userChose(Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=1000000")));
        assertTrue(NativeHeap.userChose(Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")));
        assertTrue(NativeHeap.userChose(Map.of("LD_PRELOAD", "libtcmalloc_minimal.so.4")));
        assertTrue(NativeHeap.userChose(Map.of("MALLOC_TRIM_THRESHOLD_", "1000000")));
        assertFalse(NativeHeap.userChose(Map.of("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F", "LD_PRELOAD", "libfoo.so")));
        assertEquals(NativeHeap.Outcome.USER_SETTINGS, NativeHeap.decide(Map.of("LD_PRELOAD", "libjemalloc.so")));
    }

    @Test
    void theSwitchIsAutoOrOffAndAnythingElseIsNamedInTheError() {
        assertTrue(AutoOrOff.parse(" Auto ", "mixkit.malloc", "MIXKIT_MALLOC"));
        assertFalse(AutoOrOff.parse("OFF", "mixkit.malloc", "MIXKIT_MALLOC"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutoOrOff.parse("on", "mixkit.malloc", "MIXKIT_MALLOC"));
        assertEquals("MIXKIT_MALLOC (or -Dmixkit.malloc) must be auto or off, got on", e.getMessage());
        System.setProperty("mixkit.test.switch", "off");
        try {
            assertFalse(AutoOrOff.isAuto("mixkit.test.switch", "MIXKIT_TEST_SWITCH_UNSET"));
        } finally {
            System.clearProperty("mixkit.test.switch");
        }
        assertTrue(AutoOrOff.isAuto("mixkit.test.switch", "MIXKIT_TEST_SWITCH_UNSET"));
    }
}
