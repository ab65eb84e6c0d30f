package io.mixkit.eval;

import io.mixkit.cli.MixKitCli;

import java.io.PrintWriter;

/**
 * The {@code mixkit} command line with a daemon thread that calls {@code System.gc()} every 5 ms: the
 * stress recipe that made 20 of 20 text runs go NaN or diverge before the fix of DJL's number-argument
 * arithmetic (see {@link io.mixkit.mix.Scalars}). Used by {@code eval/gc-stress.sh}; run with
 * {@code -XX:+UseParallelGC}.
 */
public final class GcStressCli {

    private GcStressCli() {}

    /** @param args the mixkit command line */
    public static void main(String[] args) {
        new BackgroundGc(5); // a daemon: it dies with the process
        System.exit(MixKitCli.run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }
}
