/**
 * Text datasets: CSV, TSV and JSONL files with named text and label columns, the label vocabulary,
 * the MixText data protocol (N labeled per class, an unlabeled pool, a per-class validation split),
 * importers for the raw packages of IMDB, Reuters-21578 and the UCI sentiment sentences, and the
 * batches the training loop draws.
 */
package io.mixkit.text.data;
