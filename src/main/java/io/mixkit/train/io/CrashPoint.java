package io.mixkit.train.io;

/**
 * Named places in the saving code where a test can make the process die at once, as SIGKILL would
 * ({@code Runtime.halt}: no shutdown hooks, no flushing), to prove that what is on disk survives a crash
 * at the worst moment. Inert unless the JVM runs with {@code -Dmixkit.crash-at=NAME:N}, which halts with
 * exit code 137 the N-th time {@code NAME} is reached.
 */
public final class CrashPoint {

    private static final String SETTING = System.getProperty("mixkit.crash-at", "");
    private static int reached;

    private CrashPoint() {}

    /** @param name the place, e.g. {@code state.swap} */
    public static synchronized void reach(String name) {
        if (SETTING.isEmpty()) {
            return;
        }
        int colon = SETTING.lastIndexOf(':');
        if (SETTING.substring(0, colon).equals(name) && ++reached == Integer.parseInt(SETTING.substring(colon + 1))) {
            Runtime.getRuntime().halt(137);
        }
    }
}
