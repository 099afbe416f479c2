package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.gistsweep.worker.files.ReplacingWrite;

/**
 * Moves model tensors to and from safetensors files under their checkpoint names (timm names for
 * the backbone, {@code gist.token}, {@code blocks.{i}.adapter.*}, {@code blocks.{i}.attn.lora_*}).
 */
final class Checkpoints {
  private Checkpoints() {}

  /**
   * Writes every tensor of the model: the backbone under timm names and the trainable parts under
   * the names of {@code worker/CHECKPOINT_NAMES.md}, with the arch, PEFT method and class count in
   * the header and a {@code .json} arch sidecar beside the file.
   */
  static void save(GistVit model, Path file) throws IOException {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("arch", ArchSidecar.toJson(model.arch(), Map.of()));
    meta.put("peft", model.peft().method().wireName());
    meta.put("gist_tokens", Integer.toString(model.peft().gistTokens()));
    meta.put("classes", Integer.toString(model.classes()));
    save(model, file, e -> true, meta);
    byte[] sidecar = ArchSidecar.toJson(model.arch(), Map.of()).getBytes(StandardCharsets.UTF_8);
    ReplacingWrite.write(BackboneResolver.sidecarOf(file), out -> out.write(sidecar));
  }

  /**
   * Writes the tensors accepted by {@code which}, with {@code metadata} in the header, one tensor's
   * data in Java memory at a time (a full ViT-B/16 is never held twice).
   *
   * @return the file's size in bytes
   */
  static long save(
      GistVit model, Path file, Predicate<ParamTable.Entry> which, Map<String, String> metadata)
      throws IOException {
    List<SafeTensors.Source> out = new ArrayList<>();
    for (ParamTable.Entry e : model.table().entries()) {
      if (which.test(e)) {
        out.add(new SafeTensors.Source(e.name(), e.shape().getShape(), e.array()::toFloatArray));
      }
    }
    return SafeTensors.write(file, out, metadata);
  }

  /**
   * Copies the tensors accepted by {@code which} from {@code tensors} into the model, in place
   * (before any optimizer state exists).
   *
   * @throws TrainingException ({@code checkpoint}) naming a missing tensor, or a tensor with its
   *     expected and found shapes
   */
  static void load(
      GistVit model,
      Map<String, SafeTensors.Tensor> tensors,
      Predicate<ParamTable.Entry> which,
      String source) {
    for (ParamTable.Entry e : model.table().entries()) {
      if (!which.test(e)) {
        continue;
      }
      SafeTensors.Tensor t = tensors.get(e.name());
      if (t == null) {
        throw new TrainingException(
            TrainingException.CHECKPOINT,
            "checkpoint "
                + source
                + " has no tensor "
                + e.name()
                + " (expected shape "
                + Arrays.toString(e.shape().getShape())
                + ")",
            false,
            null);
      }
      if (!Arrays.equals(t.shape(), e.shape().getShape())) {
        throw new TrainingException(
            TrainingException.CHECKPOINT,
            "checkpoint "
                + source
                + ": tensor "
                + e.name()
                + " has shape "
                + t.shapeText()
                + ", expected "
                + Arrays.toString(e.shape().getShape()),
            false,
            null);
      }
      ParamTable.overwrite(e.array(), t.data());
    }
  }

  /** The backbone tensors: what a pretrained checkpoint must provide. */
  static boolean isBackbone(ParamTable.Entry e) {
    return e.group() == ParamGroup.BACKBONE;
  }
}
