package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.ArtifactRef;

/**
 * Writes a trial's epoch checkpoints and hands them to its {@link CheckpointUploader}: after every
 * epoch its settings ask for ({@link TrainingSettings#checkpointsAfter}) and before a hand-back
 * (suspend, rung; with {@code resume: false} too), never after the last epoch. A checkpoint that
 * cannot be written or stored is reported to the uploader and skipped: the trial trains on.
 */
final class EpochCheckpointer implements TrainingRun.AfterEpoch {
  /** Writes nothing. */
  static final TrainingRun.AfterEpoch NONE = (r, history, handBack) -> null;

  private final TrainingSettings settings;
  private final ResumeRequest request;
  private final Supplier<String> fingerprint;
  private final List<ParamTable.Entry> trainable;
  private final AdamW optimizer;
  private final LossScale lossScale;
  private final DropoutMasks masks;
  private final WeightKeeper keeper;
  private final BestEpoch choice;

  EpochCheckpointer(
      TrainingSettings settings,
      ResumeRequest request,
      Supplier<String> fingerprint,
      List<ParamTable.Entry> trainable,
      AdamW optimizer,
      LossScale lossScale,
      DropoutMasks masks,
      WeightKeeper keeper,
      BestEpoch choice) {
    this.settings = settings;
    this.request = request;
    this.fingerprint = fingerprint;
    this.trainable = trainable;
    this.optimizer = optimizer;
    this.lossScale = lossScale;
    this.masks = masks;
    this.keeper = keeper;
    this.choice = choice;
  }

  @Override
  public ArtifactRef after(EpochResult r, List<EpochResult> history, boolean handBack) {
    int e = r.epoch();
    if (e >= settings.epochs() || !(handBack || settings.checkpointsAfter(e))) {
      return null;
    }
    Path file = request.scratch().resolve(ArtifactRef.checkpointName(e));
    try {
      write(file, r, history);
    } catch (IOException | TrainingException e1) {
      deleteQuietly(file);
      request.uploader().notWritten(e, e1.getMessage());
      return null;
    }
    try {
      return request.uploader().upload(e, file);
    } finally {
      deleteQuietly(file);
    }
  }

  private void write(Path file, EpochResult r, List<EpochResult> history) throws IOException {
    EpochResult best = null;
    for (EpochResult h : history) {
      if (choice.better(h, best)) {
        best = h;
      }
    }
    Map<String, SafeTensors.Tensor> bestTensors = Map.of();
    String bestWeights = EpochCheckpoint.BEST_IS_THIS_EPOCH;
    long bestAt = keeper.clockMillis();
    if (best.epoch() != r.epoch()) {
      Path kept = keeper.bestFileOf(best.epoch());
      bestWeights = kept == null ? EpochCheckpoint.BEST_ABSENT : EpochCheckpoint.BEST_STORED;
      bestTensors = kept == null ? Map.of() : SafeTensors.read(kept);
      bestAt = keeper.bestAtMillis();
    }
    EpochCheckpoint.State state =
        new EpochCheckpoint.State(
            r.epoch(),
            fingerprint.get(),
            optimizer.steps(),
            lossScale.state(),
            r.epoch(),
            masks.draws(),
            history,
            best.epoch(),
            bestAt,
            bestWeights);
    EpochCheckpoint.write(file, state, trainable, optimizer.moments(), bestTensors);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the scratch folder is deleted with the attempt
    }
  }
}
