package org.gistsweep.worker.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;

/**
 * The small JSON file beside a backbone checkpoint that records its arch, e.g. {@code
 * {"arch":"vit-tiny","image_size":32,"patch_size":4,"dim":96,"depth":6,"heads":3,"mlp_ratio":4}}
 * plus free-form provenance fields.
 */
final class ArchSidecar {
  private ArchSidecar() {}

  static String toJson(VitArch arch, Map<String, Object> extra) {
    JsonObject o = new JsonObject();
    o.addProperty("arch", arch.name());
    o.addProperty("image_size", arch.imageSize());
    o.addProperty("patch_size", arch.patchSize());
    o.addProperty("dim", arch.dim());
    o.addProperty("depth", arch.depth());
    o.addProperty("heads", arch.heads());
    o.addProperty("mlp_ratio", arch.mlpRatio());
    extra.forEach(
        (k, v) -> {
          if (v instanceof Number n) {
            o.addProperty(k, n);
          } else {
            o.addProperty(k, String.valueOf(v));
          }
        });
    return o.toString();
  }

  /** Keys every sidecar must have, each a whole number except {@code arch}. */
  static final String KEYS = "arch, image_size, patch_size, dim, depth, heads, mlp_ratio";

  /**
   * Reads a sidecar's arch.
   *
   * @param source the file, for the message
   * @throws TrainingException ({@code checkpoint}) when it is not such a JSON object or describes
   *     an impossible ViT; the message never quotes the text
   */
  static VitArch parse(String json, Object source) {
    try {
      JsonObject o = JsonParser.parseString(json).getAsJsonObject();
      return new VitArch(
          o.get("arch").getAsString(),
          o.get("image_size").getAsInt(),
          o.get("patch_size").getAsInt(),
          o.get("dim").getAsInt(),
          o.get("depth").getAsInt(),
          o.get("heads").getAsInt(),
          o.get("mlp_ratio").getAsInt());
    } catch (RuntimeException e) {
      // Gson's and VitArch's messages quote the values they failed on: never pass them on
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "the arch sidecar "
              + source
              + " is not a JSON object with "
              + KEYS
              + " (whole numbers, image_size divisible by patch_size, dim by heads)",
          false,
          null);
    }
  }

  /**
   * Infers a timm-named checkpoint's arch from its tensor shapes; heads are not recorded in the
   * weights and default to d / 64 (every standard timm ViT).
   */
  static VitArch infer(Map<String, SafeTensors.Tensor> t, String source) {
    SafeTensors.Tensor patch = require(t, "patch_embed.proj.weight", source);
    SafeTensors.Tensor pos = require(t, "pos_embed", source);
    SafeTensors.Tensor fc1 = require(t, "blocks.0.mlp.fc1.weight", source);
    try {
      int dim = (int) patch.shape()[0];
      int p = (int) patch.shape()[2];
      int depth = 0;
      while (t.containsKey("blocks." + depth + ".norm1.weight")) {
        depth++;
      }
      int side = (int) Math.round(Math.sqrt(pos.shape()[1] - 1));
      int heads = Math.max(1, dim / 64);
      return new VitArch(
          "vit-d" + dim, side * p, p, dim, depth, heads, (int) (fc1.shape()[0] / dim));
    } catch (RuntimeException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "checkpoint "
              + source
              + ": the shapes of patch_embed.proj.weight, pos_embed and blocks.0.mlp.fc1.weight do"
              + " not describe a ViT; add a .json sidecar with "
              + KEYS,
          false,
          null);
    }
  }

  private static SafeTensors.Tensor require(
      Map<String, SafeTensors.Tensor> t, String name, String source) {
    SafeTensors.Tensor x = t.get(name);
    if (x == null) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "checkpoint "
              + source
              + " has no tensor "
              + name
              + " (needed to infer the arch; add a .json sidecar)",
          false,
          null);
    }
    return x;
  }
}
