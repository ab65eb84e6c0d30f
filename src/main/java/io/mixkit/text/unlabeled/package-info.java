/**
 * Unlabeled text for semi-supervised training: pools read by random access from files of any size
 * (only line offsets are kept in memory), or the training split without its labels.
 */
package io.mixkit.text.unlabeled;
