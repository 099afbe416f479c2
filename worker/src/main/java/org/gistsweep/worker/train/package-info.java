/**
 * GIST / PEFT training of Vision Transformers on DJL's PyTorch engine.
 *
 * <p>Entry point: {@link org.gistsweep.worker.train.GistTrainers#create} gives a {@link
 * org.gistsweep.worker.train.TrialTrainer} that trains one trial from its {@link
 * org.gistsweep.common.spec.TrainingSettings}, reports each epoch to an {@link
 * org.gistsweep.worker.train.EpochListener} (which may stop it: pruning) and returns a {@link
 * org.gistsweep.worker.train.TrainingOutcome}; failures are {@link
 * org.gistsweep.worker.train.TrainingException}s with an error type and a retriable flag. {@link
 * org.gistsweep.worker.train.Pretrainer} made the built-in {@code builtin:vit-tiny-shapes}
 * backbone.
 *
 * <p>This is the only package of the worker that imports DJL. Everything else here is package
 * private: the ViT layers, the GIST loss, AdamW, the schedule and safetensors IO.
 */
package org.gistsweep.worker.train;
