package org.gistsweep.worker.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.Map;

/**
 * The small JSON file beside a backbone checkpoint that records its arch, e.g.
 * {@code {"arch":"vit-tiny","image_size":32,"patch_size":4,"dim":96,"depth":6,"heads":3,"mlp_ratio":4}}
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
    extra.forEach((k, v) -> {
      if (v instanceof Number n) {
        o.addProperty(k, n);
      } else {
        o.addProperty(k, String.valueOf(v));
      }
    });
    return o.toString();
  }

  static VitArch parse(String json) {
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    return new VitArch(
        o.get("arch").getAsString(),
        o.get("image_size").getAsInt(),
        o.get("patch_size").getAsInt(),
        o.get("dim").getAsInt(),
        o.get("depth").getAsInt(),
        o.get("heads").getAsInt(),
        o.get("mlp_ratio").getAsInt());
  }

  /**
   * Infers a timm-named checkpoint's arch from its tensor shapes; heads are not recorded in the
   * weights and default to d / 64 (every standard timm ViT).
   */
  static VitArch infer(Map<String, SafeTensors.Tensor> t, String source) {
    SafeTensors.Tensor patch = require(t, "patch_embed.proj.weight", source);
    SafeTensors.Tensor pos = require(t, "pos_embed", source);
    SafeTensors.Tensor fc1 = require(t, "blocks.0.mlp.fc1.weight", source);
    int dim = (int) patch.shape()[0];
    int p = (int) patch.shape()[2];
    int depth = 0;
    while (t.containsKey("blocks." + depth + ".norm1.weight")) {
      depth++;
    }
    int side = (int) Math.round(Math.sqrt(pos.shape()[1] - 1));
    int heads = Math.max(1, dim / 64);
    return new VitArch("vit-d" + dim, side * p, p, dim, depth, heads, (int) (fc1.shape()[0] / dim));
  }

  private static SafeTensors.Tensor require(Map<String, SafeTensors.Tensor> t, String name, String source) {
    SafeTensors.Tensor x = t.get(name);
    if (x == null) {
      throw new TrainingException(TrainingException.CHECKPOINT,
          "checkpoint " + source + " has no tensor " + name + " (needed to infer the arch; add a .json sidecar)", false, null);
    }
    return x;
  }
}
