/**
 * The training benchmark ({@link org.gistsweep.worker.bench.TrainingBenchmark}): images per second
 * and resident memory of a GIST-adapter ViT training in DJL and in PyTorch eager, side by side.
 * Each measurement runs in its own child process so that its peak RSS is its own. This package uses
 * only the worker's public training API (it does not touch DJL directly).
 */
package org.gistsweep.worker.bench;
