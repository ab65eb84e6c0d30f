package io.mixkit.spark;

/** Spark wraps a task's exception in job-failure messages; users need the task's own, which names the row or model. */
public final class SparkErrors {

    private SparkErrors() {}

    /**
     * @param t what the driver caught
     * @return the message of the outermost cause that is not Spark's own wrapping (else the top message)
     */
    public static String rootMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !(c instanceof org.apache.spark.SparkException)) {
                return c.getMessage();
            }
        }
        return t.getMessage();
    }
}
