/**
 * Reports and plots on top of training: {@code report.json}, the {@code metrics.jsonl} log and the
 * learning-curve PNG.
 */
package io.mixkit.eval;
