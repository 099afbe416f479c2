package org.gistsweep.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.gistsweep.worker.files.PathRefusedException;
import org.gistsweep.worker.train.ModelInspector;
import org.gistsweep.worker.train.TrainingException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./gist-sweep inspect}: loads a checkpoint (backbone + the PEFT method's trainable parts,
 * or with {@code --backbone} a trial's trainable-only weights on that backbone), runs one batch in
 * eval mode and prints the [CLS] and Gist logits and each GIST loss term.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Run one batch through a checkpoint; print logits and the GIST loss terms.")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "FILE",
      description =
          "Checkpoint .safetensors (or Flax .npz); with --backbone, a trial's trainable tensors"
              + " (best.safetensors).")
  Path checkpoint;

  @Option(
      names = "--backbone",
      paramLabel = "FILE|builtin:NAME",
      description =
          "Take the backbone tensors from this file; --checkpoint then needs only the tensors the"
              + " PEFT method trains.")
  String backbone;

  @Option(
      names = "--arch",
      description =
          "Arch preset (vit-b16, vit-tiny); default: the checkpoint's .json sidecar, else"
              + " inferred.")
  String arch;

  @Option(
      names = "--batch",
      required = true,
      paramLabel = "BATCH.npz",
      description = ".npz with images (float32 NCHW, normalised) and labels (int64).")
  Path batch;

  @Mixin ModelOptions model;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ModelInspector.Inspection r;
    try {
      r =
          backbone == null
              ? ModelInspector.inspect(checkpoint, arch, model.settings(), batch)
              : ModelInspector.inspect(
                  checkpoint, arch, model.settings(), batch, backbone, GistHome.resolve().cache());
    } catch (TrainingException | PathRefusedException | IllegalArgumentException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(r.toJson());
    } else {
      for (int i = 0; i < r.clsLogits().length; i++) {
        out.println("sample " + i + " cls  " + Arrays.toString(r.clsLogits()[i]));
        if (r.gistLogits() != null) {
          out.println("sample " + i + " gist " + Arrays.toString(r.gistLogits()[i]));
        }
      }
      out.printf(
          "ce_cls %.6f  ce_gist %s  kl_cls_gist %s  kl_gist_cls %s  total %.6f%n",
          r.ceCls(), r.ceGist(), r.klClsGist(), r.klGistCls(), r.total());
    }
    out.flush();
    return 0;
  }
}
