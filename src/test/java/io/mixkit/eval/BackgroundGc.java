package io.mixkit.eval;

/**
 * A daemon thread that calls {@code System.gc()} every few milliseconds while open: garbage collections
 * at every point of a training step, to expose native memory that dies while libtorch still reads it.
 * Used by {@code GcStressTest} and {@link GcStressCli}.
 */
public final class BackgroundGc implements AutoCloseable {

    private volatile boolean running = true;
    private final Thread thread;

    /** @param intervalMillis pause between collections */
    public BackgroundGc(long intervalMillis) {
        thread = new Thread(() -> {
            while (running) {
                System.gc();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-stress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
