package io.mixkit.cli;

/** Runs the command line in-process for tests outside this package (stdout, stderr and the exit code). */
public final class CliRunner {

    /** @param code exit code @param out stdout @param err stderr */
    public record Result(int code, String out, String err) {}

    private CliRunner() {}

    /** @param stdin the input @param args the arguments @return what the command did */
    public static Result run(String stdin, String... args) {
        CliErrorsTest.Result r = CliErrorsTest.run(stdin, args);
        return new Result(r.code(), r.out(), r.err());
    }
}
