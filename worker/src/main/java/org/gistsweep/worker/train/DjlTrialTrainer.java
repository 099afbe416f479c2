package org.gistsweep.worker.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.DataException;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabDataset;
import org.gistsweep.worker.data.VtabTasks;
import org.gistsweep.worker.files.PathRefusedException;

/** {@link TrialTrainer} on DJL's PyTorch engine, in the calling thread. */
final class DjlTrialTrainer implements TrialTrainer {
  private final TrainerEnvironment env;

  DjlTrialTrainer(TrainerEnvironment env) {
    this.env = env;
  }

  @Override
  public TrainingOutcome train(TrainingSettings s, EpochListener listener) {
    return train(s, listener, WeightsRequest.none());
  }

  @Override
  public TrainingOutcome train(TrainingSettings s, EpochListener listener, WeightsRequest weights) {
    return train(s, listener, weights, model -> {});
  }

  @Override
  public TrainingOutcome train(
      TrainingSettings s, EpochListener listener, WeightsRequest weights, ResumeRequest resume) {
    return train(s, listener, weights, resume, model -> {});
  }

  /** Trains, then hands the trained model to {@code finished} before its arrays are released. */
  TrainingOutcome train(TrainingSettings s, EpochListener listener, Consumer<GistVit> finished) {
    return train(s, listener, WeightsRequest.none(), finished);
  }

  /**
   * As {@link #train(TrainingSettings, EpochListener, WeightsRequest)}, handing the trained model
   * to {@code finished}.
   */
  TrainingOutcome train(
      TrainingSettings s,
      EpochListener listener,
      WeightsRequest weights,
      Consumer<GistVit> finished) {
    return train(s, listener, weights, ResumeRequest.none(), finished);
  }

  /**
   * As {@link #train(TrainingSettings, EpochListener, WeightsRequest, ResumeRequest)}, handing the
   * trained model to {@code finished}.
   */
  TrainingOutcome train(
      TrainingSettings s,
      EpochListener listener,
      WeightsRequest weights,
      ResumeRequest resume,
      Consumer<GistVit> finished) {
    try {
      TrialFiles files = TrialFiles.check(s, env);
      return run(s, files, listener, weights, resume, finished);
    } catch (TrainingException e) {
      throw e;
    } catch (PathRefusedException e) {
      throw new TrainingException(TrainingException.PATH_REFUSED, e.getMessage(), false, null);
    } catch (DataException e) {
      throw new TrainingException(TrainingException.DATA, e.getMessage(), false, e);
    } catch (IllegalArgumentException e) {
      throw new TrainingException(TrainingException.INVALID_CONFIG, e.getMessage(), false, e);
    } catch (EngineException | OutOfMemoryError e) {
      throw new TrainingException(
          TrainingException.INTERNAL, "engine failure: " + e.getMessage(), true, e);
    } catch (RuntimeException e) {
      throw new TrainingException(TrainingException.INTERNAL, "training failed: " + e, true, e);
    }
  }

  private TrainingOutcome run(
      TrainingSettings s,
      TrialFiles files,
      EpochListener listener,
      WeightsRequest weights,
      ResumeRequest resume,
      Consumer<GistVit> finished) {
    Engine engine = Engine.getEngine("PyTorch");
    Device device = device(s.device(), engine);
    Backbone backbone = BackboneResolver.resolve(s.backbone(), env.cacheDir(), env.weightsRoots());
    VitArch arch = backbone.arch();
    Path root = files.dataFolder();
    if (VtabTasks.isSynthetic(s.task())) {
      SyntheticShapes.ensure(
          root, s.task()); // cheap when complete; regenerates an outdated version
    }
    VtabDataset train =
        VtabDataset.load(root, s.task(), s.trainSplit(), arch.imageSize(), env.dataRoots());
    VtabDataset eval =
        VtabDataset.load(root, s.task(), s.evalSplit(), arch.imageSize(), env.dataRoots());
    int classes = VtabDataset.classCount(s.task(), train, eval);
    int maxLabel = Math.max(train.maxLabel(), eval.maxLabel());
    if (maxLabel >= classes) {
      throw new TrainingException(
          TrainingException.DATA,
          "task "
              + s.task()
              + " has "
              + classes
              + " classes but a label "
              + maxLabel
              + " in its split files",
          false,
          null);
    }
    JniUtils.setNumThreads(s.threads());
    JniUtils.setGradMode(false);
    engine.setRandomSeed((int) s.seed());
    PeftSpec peft = PeftSpec.of(s);
    try (NDManager manager = NDManager.newBaseManager(device)) {
      GistVit model =
          new GistVit(
              manager,
              arch,
              classes,
              peft,
              new GistInitSpec(s.gistInit(), s.gistInitScale()),
              s.seed());
      if (backbone.pretrained()) {
        Checkpoints.load(model, backbone.tensors(), Checkpoints::isBackbone, backbone.source());
      }
      SplittableRandom rng = new SplittableRandom(s.seed());
      int[] firstOrder = Batches.shuffled(train.size(), rng);
      try (NDManager init = manager.newSubManager()) {
        int[] firstBatch = Batches.slice(firstOrder, 0, s.batchSize());
        GistInitializer.apply(
            model, s.gistInit(), Batches.images(train, firstBatch, Normalization.HALF, init));
      }
      // computed once, when a checkpoint is first read or written (it reads the backbone file for
      // its sha256)
      Supplier<String> fingerprint =
          memoized(() -> CheckpointFingerprint.of(model, s, resume.params(), backbone));
      // the whole checkpoint is checked, then loaded before the compute copies and the optimizer
      // exist
      CheckpointResume from =
          CheckpointResume.open(
              resume, fingerprint, TrainableSet.select(model.table(), s.peft()), s.epochs());
      List<ParamTable.Entry> trainable = TrainableSet.apply(model.table(), s.peft());
      if (from.resumes()) {
        from.loadTensors(trainable);
      }
      ParamCounts counts = ParamCounts.of(model, s.peft());
      MixedPrecision precision = MixedPrecision.of(s.precision());
      precision.castModel(model.table(), trainable);
      AdamW optimizer = new AdamW(trainable, model.table(), s.weightDecay(), manager);
      LossScale lossScale = precision.newLossScale();
      if (from.resumes()) {
        from.loadTrainingState(optimizer, lossScale, model.masks());
      }
      listener.onModelReady(
          counts.trainable(),
          counts.total(),
          counts.gist(),
          device.toString(),
          from.epoch(),
          from.refused());
      LrSchedule schedule =
          new LrSchedule(s.lr(), s.epochs(), s.warmupEpochs(), s.cooldownEpochs());
      TrainingRun run =
          new TrainingRun(
              model,
              GistLoss.of(s),
              optimizer,
              schedule,
              train,
              eval,
              Normalization.HALF,
              s.batchSize(),
              manager,
              lossScale);
      WeightKeeper keeper = new WeightKeeper(weights, s, model, trainable, counts, backbone);
      if (from.resumes()) {
        from.loadBest(keeper, trainable);
      }
      TrainingRun.AfterEpoch checkpoints =
          resume.stores()
              ? new EpochCheckpointer(
                  s,
                  resume,
                  fingerprint,
                  trainable,
                  optimizer,
                  lossScale,
                  model.masks(),
                  keeper,
                  new BestEpoch(weights.objective()))
              : EpochCheckpointer.NONE;
      TrainingRun.Result result =
          run.run(rng, firstOrder, keeper.wrap(listener), from.history(), checkpoints);
      List<SavedWeights> saved = result.stopped() ? List.of() : keeper.finish(result.epochs());
      precision.release(model.table());
      finished.accept(model);
      return Outcomes.of(
          result.epochs(),
          result.stopped(),
          counts,
          saved,
          result.stopped() ? null : keeper.failure());
    }
  }

  private static Supplier<String> memoized(Supplier<String> compute) {
    String[] value = {null};
    return () -> {
      if (value[0] == null) {
        value[0] = compute.get();
      }
      return value[0];
    };
  }

  private static Device device(String wanted, Engine engine) {
    boolean gpu = engine.getGpuCount() > 0;
    return switch (wanted) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (!gpu) {
          throw new TrainingException(
              TrainingException.INVALID_CONFIG,
              "device 'gpu' requested but this worker has no GPU",
              true,
              null);
        }
        yield Device.gpu();
      }
      default -> gpu ? Device.gpu() : Device.cpu();
    };
  }
}
