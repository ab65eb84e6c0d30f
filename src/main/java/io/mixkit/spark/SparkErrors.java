package io.mixkit.spark;

/** Spark wraps a task's exception in job-failure messages; users need the first cause, which names the row. */
public final class SparkErrors {

    private SparkErrors() {}

    /**
     * @param t what the driver caught
     * @return the message of the deepest cause that has one
     */
    public static String rootMessage(Throwable t) {
        String msg = t.getMessage();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !(c instanceof org.apache.spark.SparkException)) {
                msg = c.getMessage();
            }
        }
        return msg;
    }
}
