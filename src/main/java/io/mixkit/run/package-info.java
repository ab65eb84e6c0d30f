/**
 * Runs as library objects: {@link io.mixkit.run.TextRun} and {@link io.mixkit.run.ImageRun} take plain
 * settings and do data, model, method, the loop, the test report, the checkpoint and the plots into an
 * output folder, returning what they measured. The command line only parses into them.
 */
package io.mixkit.run;
