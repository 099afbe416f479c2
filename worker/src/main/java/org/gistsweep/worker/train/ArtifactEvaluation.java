package org.gistsweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.data.DataException;
import org.gistsweep.worker.data.Normalization;
import org.gistsweep.worker.data.SyntheticShapes;
import org.gistsweep.worker.data.VtabDataset;
import org.gistsweep.worker.data.VtabTasks;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.FileDigests;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * {@code gist-sweep evaluate}: rebuilds a trial's model from a stored artifact (its safetensors of
 * trainable tensors and its JSON sidecar), loads the backbone and then the trainable tensors, and
 * measures top-1 on a split exactly as the trial evaluated after each epoch (same model, same eval
 * batches, same precision), so the trial's recorded value is reproduced.
 */
public final class ArtifactEvaluation {
  /**
   * What to evaluate.
   *
   * @param artifact the weights ({@code best.safetensors}): the trainable tensors, or every tensor
   *     for {@code peft: full}
   * @param sidecar its JSON sidecar ({@code best.json})
   * @param backbone {@code FILE}, {@code builtin:NAME} or {@code random:ARCH}; null: the sidecar's
   *     backbone setting
   * @param data the VTAB-1K root holding {@code <task>/<split>.txt}
   * @param task the task folder; null: the sidecar's
   * @param split the split file's name without {@code .txt}
   * @param cacheDir where built-in backbones are extracted
   */
  public record Request(
      Path artifact,
      Path sidecar,
      String backbone,
      Path data,
      String task,
      String split,
      Path cacheDir) {}

  /**
   * The measurement.
   *
   * @param top1 top-1 of s_cls on the split, a fraction
   * @param images images in the split
   * @param task the task evaluated
   * @param split the split evaluated
   * @param epoch the epoch the weights were taken at
   * @param recordedValTop1 the val_top1 the trial recorded at that epoch (on {@code recordedSplit})
   * @param recordedSplit the trial's eval split
   * @param backbone the backbone used
   * @param backboneMatches whether the backbone file's sha256 is the one the sidecar records (empty
   *     when either has no file)
   */
  public record Result(
      double top1,
      int images,
      String task,
      String split,
      int epoch,
      Optional<Double> recordedValTop1,
      String recordedSplit,
      String backbone,
      Optional<Boolean> backboneMatches) {}

  private ArtifactEvaluation() {}

  /**
   * Evaluates {@code r}.
   *
   * @throws TrainingException naming the file and what is wrong with it (never quoting it)
   * @throws PathRefusedException for a file that is not a regular file
   * @throws DataException for unreadable data
   */
  public static Result evaluate(Request r) {
    return withModel(
        r,
        loaded -> {
          double top1 =
              new Evaluation(
                      loaded.model(),
                      loaded.data(),
                      Normalization.HALF,
                      loaded.settings().batchSize(),
                      loaded.manager(),
                      new BatchStaging())
                  .top1();
          ArtifactSidecar.Parsed p = loaded.sidecar();
          return new Result(
              top1,
              loaded.data().size(),
              loaded.data().task(),
              r.split(),
              p.epoch(),
              p.valTop1(),
              p.settings().evalSplit(),
              loaded.backbone().source(),
              loaded.backboneMatches());
        });
  }

  /** A model rebuilt from an artifact, with the split to evaluate, alive while the body runs. */
  record Loaded(
      GistVit model,
      VtabDataset data,
      TrainingSettings settings,
      ArtifactSidecar.Parsed sidecar,
      Backbone backbone,
      Optional<Boolean> backboneMatches,
      NDManager manager) {}

  /** Rebuilds the artifact's model and runs {@code body} with it. */
  static <T> T withModel(Request r, Function<Loaded, T> body) {
    ArtifactSidecar.Parsed p =
        ArtifactSidecar.parse(LocalFiles.json(r.sidecar(), "sidecar"), r.sidecar());
    TrainingSettings s = p.settings();
    Map<String, SafeTensors.Tensor> tensors = LocalFiles.tensors(r.artifact(), "artifact");
    String spec = r.backbone() != null ? r.backbone() : p.backboneSource();
    Backbone backbone = LocalFiles.backbone(spec, r.cacheDir());
    if (!sameShape(backbone.arch(), p.arch())) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "backbone "
              + spec
              + " does not have the arch the artifact"
              + " was trained on (the 'arch' of "
              + r.sidecar()
              + "); give the trial's backbone with --backbone",
          false,
          null);
    }
    Optional<Boolean> matches = matches(backbone, p.backboneSha256());
    String task = r.task() != null ? r.task() : s.task();
    VtabDataset data = dataset(r.data(), task, r.split(), p.arch().imageSize());
    if (data.maxLabel() >= p.classes()) {
      throw new TrainingException(
          TrainingException.DATA,
          "split "
              + task
              + "/"
              + r.split()
              + " has a label outside the "
              + p.classes()
              + " classes of the artifact's head; evaluate on the task it was trained on",
          false,
          null);
    }
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(s.threads());
    JniUtils.setGradMode(false);
    try (NDManager manager = NDManager.newBaseManager()) {
      GistVit model =
          new GistVit(
              manager,
              p.arch(),
              p.classes(),
              PeftSpec.of(s),
              new GistInitSpec(s.gistInit(), s.gistInitScale()),
              s.seed());
      if (backbone.pretrained()) {
        Checkpoints.load(model, backbone.tensors(), Checkpoints::isBackbone, backbone.source());
      }
      List<ParamTable.Entry> trainable = TrainableSet.select(model.table(), s.peft());
      Checkpoints.load(model, tensors, trainable::contains, r.artifact().toString());
      long foreign =
          tensors.keySet().stream()
              .filter(name -> trainable.stream().noneMatch(e -> e.name().equals(name)))
              .count();
      if (foreign > 0) {
        throw new TrainingException(
            TrainingException.CHECKPOINT,
            "artifact "
                + r.artifact()
                + " holds "
                + foreign
                + " tensor(s)"
                + " that a "
                + s.peft().wireName()
                + " model"
                + (s.gist() ? " with GIST" : "")
                + " does not train: it was not"
                + " saved with the settings of "
                + r.sidecar(),
            false,
            null);
      }
      MixedPrecision.of(s.precision()).castModel(model.table(), trainable);
      return body.apply(new Loaded(model, data, s, p, backbone, matches, manager));
    }
  }

  private static boolean sameShape(VitArch a, VitArch b) {
    return a.imageSize() == b.imageSize()
        && a.patchSize() == b.patchSize()
        && a.dim() == b.dim()
        && a.depth() == b.depth()
        && a.heads() == b.heads()
        && a.mlpRatio() == b.mlpRatio();
  }

  private static Optional<Boolean> matches(Backbone backbone, Optional<String> recorded) {
    if (backbone.file() == null || recorded.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FileDigests.sha256(backbone.file()).equals(recorded.get()));
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read backbone " + backbone.source() + ": " + e.getMessage(),
          false,
          e);
    }
  }

  private static VtabDataset dataset(Path root, String task, String split, int imageSize) {
    if (VtabTasks.isSynthetic(task)) {
      SyntheticShapes.ensure(root, task);
    }
    AllowedRoots roots = AllowedRoots.of("data", "give another folder with --data", List.of(root));
    return VtabDataset.load(root, task, split, imageSize, roots);
  }
}
