package org.gistsweep.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.SyntheticShapes;

/**
 * A trial's model and optimizer built as the trainer builds them (random weights, no data), for
 * timing the epoch checkpoint's own code paths: {@link #write} is what the trainer does after an
 * epoch, {@link #readAndLoad} what a resumed attempt does before its first epoch (read, check
 * whole, copy into the model and the optimizer). Used by the {@code bench-checkpoint} command.
 */
public final class CheckpointBenchModel implements AutoCloseable {
  /** The quickstart's model: the built-in tiny ViT with the default adapter and GIST, 6 classes. */
  public static final String QUICKSTART = "quickstart";

  /** ViT-B/16 with the default adapter (dim 4), one Gist token and a 100-class head. */
  public static final String VIT_B16_ADAPTER = "vit-b16-adapter";

  private final NDManager manager;
  private final TrainingSettings settings;
  private final GistVit model;
  private final List<ParamTable.Entry> trainable;
  private final AdamW optimizer;
  private final LossScale lossScale;
  private final String fingerprint;

  private CheckpointBenchModel(String name) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(1);
    JniUtils.setGradMode(false);
    VitArch arch;
    int classes;
    if (QUICKSTART.equals(name)) {
      arch = VitArch.VIT_TINY;
      classes = SyntheticShapes.DOWNSTREAM_CLASSES;
    } else if (VIT_B16_ADAPTER.equals(name)) {
      arch = VitArch.VIT_B16;
      classes = 100;
    } else {
      throw new IllegalArgumentException(
          "unknown benchmark model '" + name + "'; use " + QUICKSTART + " or " + VIT_B16_ADAPTER);
    }
    settings = TrainingSettings.defaults();
    manager = NDManager.newBaseManager(Device.cpu());
    model =
        new GistVit(
            manager,
            arch,
            classes,
            PeftSpec.of(settings),
            new GistInitSpec(settings.gistInit(), settings.gistInitScale()),
            settings.seed());
    trainable = TrainableSet.apply(model.table(), settings.peft());
    optimizer = new AdamW(trainable, model.table(), settings.weightDecay(), manager);
    lossScale = LossScale.none();
    fingerprint =
        CheckpointFingerprint.of(
            model, settings, Map.of(), new Backbone(arch, Map.of(), "random:" + arch.name(), null));
  }

  /** Builds model {@code name} ({@link #QUICKSTART} or {@link #VIT_B16_ADAPTER}). */
  public static CheckpointBenchModel build(String name) {
    return new CheckpointBenchModel(name);
  }

  /** The trainable floats a checkpoint holds (three times over: tensors, m, v). */
  public long trainableFloats() {
    return trainable.stream().mapToLong(e -> e.shape().size()).sum();
  }

  /**
   * Writes the checkpoint of 1-based {@code epoch} (of a trial longer than it); returns its bytes.
   */
  public long write(Path file, int epoch) throws IOException {
    optimizer.resumeAt(epoch);
    List<EpochResult> history = new ArrayList<>();
    for (int e = 1; e <= epoch; e++) {
      history.add(new EpochResult(e, 1.0 / e, 1.0 / e, 0, 0, 0, 0.5, 1e-3, 1, 100));
    }
    EpochCheckpoint.State state =
        new EpochCheckpoint.State(
            epoch,
            fingerprint,
            epoch,
            lossScale.state(),
            epoch,
            model.masks().draws(),
            history,
            epoch,
            0,
            EpochCheckpoint.BEST_IS_THIS_EPOCH);
    return EpochCheckpoint.write(file, state, trainable, optimizer.moments(), Map.of());
  }

  /**
   * Reads {@code file} as a resumed attempt would, checks it whole and loads it.
   *
   * @throws IllegalStateException when it is refused (it should not be: it is this model's)
   */
  public void readAndLoad(Path file, int epoch) {
    ResumeRequest request = new ResumeRequest(null, null, file, epoch, null, Map.of());
    CheckpointResume resume =
        CheckpointResume.open(request, () -> fingerprint, trainable, Integer.MAX_VALUE);
    if (!resume.resumes()) {
      throw new IllegalStateException(
          "the benchmark's own checkpoint was refused: " + resume.refused());
    }
    resume.loadTensors(trainable);
    resume.loadTrainingState(optimizer, lossScale, model.masks());
  }

  @Override
  public void close() {
    manager.close();
  }
}
