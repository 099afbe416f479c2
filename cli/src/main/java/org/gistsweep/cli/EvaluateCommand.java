package org.gistsweep.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.worker.data.DataException;
import org.gistsweep.worker.files.PathRefusedException;
import org.gistsweep.worker.train.ArtifactEvaluation;
import org.gistsweep.worker.train.TrainingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gist-sweep evaluate}: top-1 of a stored trial's weights on a split, reproducing the
 * value the trial recorded (backbone + trainable tensors + the settings in the sidecar; see {@link
 * ArtifactEvaluation}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Evaluate a trial's stored weights (best.safetensors + best.json) on a split: print top-1.")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--artifact",
      required = true,
      paramLabel = "FILE.safetensors",
      description = "The trial's weights, e.g. best.safetensors from `artifacts pull`.")
  Path artifact;

  @Option(
      names = "--sidecar",
      paramLabel = "FILE.json",
      description = "Its sidecar (default: the .json beside the artifact).")
  Path sidecar;

  @Option(
      names = "--backbone",
      paramLabel = "FILE|builtin:NAME",
      description =
          "The backbone the trial was trained on (default: the sidecar's backbone setting).")
  String backbone;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "VTAB-1K root holding TASK/SPLIT.txt and the images.")
  Path data;

  @Option(
      names = "--task",
      paramLabel = "TASK",
      description = "Task folder under --data (default: the sidecar's task).")
  String task;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      defaultValue = "test",
      description = "Split file without .txt (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--json",
      description =
          "Print JSON: top1, images, task, split, epoch, recorded_val_top1, recorded_split,"
              + " backbone.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path side = sidecar != null ? sidecar : defaultSidecar(artifact);
    ArtifactEvaluation.Result r;
    try {
      r =
          ArtifactEvaluation.evaluate(
              new ArtifactEvaluation.Request(
                  artifact,
                  side,
                  backbone,
                  data.toAbsolutePath(),
                  task,
                  split,
                  GistHome.resolve().cache()));
    } catch (TrainingException
        | PathRefusedException
        | DataException
        | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    if (r.backboneMatches().isPresent() && !r.backboneMatches().get()) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: backbone "
                  + r.backbone()
                  + " is not the file the trial was trained on (its"
                  + " sha256 differs from the one in "
                  + side
                  + "); top-1 will differ from the recorded value");
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("top1", r.top1());
      m.put("images", r.images());
      m.put("task", r.task());
      m.put("split", r.split());
      m.put("epoch", r.epoch());
      m.put("recorded_val_top1", r.recordedValTop1().orElse(null));
      m.put("recorded_split", r.recordedSplit());
      m.put("backbone", r.backbone());
      r.backboneMatches().ifPresent(b -> m.put("backbone_matches", b));
      out.println(new ObjectMapper().writeValueAsString(m));
    } else {
      out.printf(
          Locale.ROOT,
          "top1 %.4f on %d images of %s/%s (weights of epoch %d%s)%n",
          r.top1(),
          r.images(),
          r.task(),
          r.split(),
          r.epoch(),
          r.recordedValTop1()
              .map(
                  v ->
                      String.format(
                          Locale.ROOT,
                          "; the trial recorded val_top1 %.4f on %s",
                          v,
                          r.recordedSplit()))
              .orElse(""));
    }
    out.flush();
    return 0;
  }

  /** {@code best.json} beside {@code best.safetensors}. */
  static Path defaultSidecar(Path artifact) {
    String name = artifact.getFileName().toString();
    String base =
        name.endsWith(".safetensors")
            ? name.substring(0, name.length() - ".safetensors".length())
            : name;
    return artifact.resolveSibling(base + ".json");
  }
}
