package io.mixkit;

import java.util.Locale;

/**
 * A process-wide switch read from a system property or, failing that, an environment variable, whose value is
 * {@code auto} (the default) or {@code off}, in any case and with surrounding spaces ({@link MklDispatch},
 * {@link NativeHeap}).
 */
final class AutoOrOff {

    private AutoOrOff() {}

    /**
     * @param property the system property, e.g. {@code mixkit.mkl}; it wins over the variable
     * @param variable the environment variable, e.g. {@code MIXKIT_MKL}
     * @return true for auto, false for off
     * @throws IllegalArgumentException for any other value, naming both
     */
    static boolean isAuto(String property, String variable) {
        String p = System.getProperty(property);
        String e = System.getenv(variable);
        return parse(p != null ? p : e != null ? e : "auto", property, variable);
    }

    static boolean parse(String value, String property, String variable) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (!s.equals("auto") && !s.equals("off")) {
            throw new IllegalArgumentException(variable + " (or -D" + property + ") must be auto or off, got " + s);
        }
        return s.equals("auto");
    }
}
