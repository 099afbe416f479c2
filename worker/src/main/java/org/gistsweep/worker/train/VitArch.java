package org.gistsweep.worker.train;

import java.util.Locale;
import java.util.Optional;

/**
 * The shape of a ViT backbone.
 *
 * @param name preset name
 * @param imageSize input side in pixels
 * @param patchSize patch side in pixels
 * @param dim token width d
 * @param depth number of blocks
 * @param heads attention heads (d must divide by heads)
 * @param mlpRatio MLP hidden width / d
 */
record VitArch(
    String name, int imageSize, int patchSize, int dim, int depth, int heads, int mlpRatio) {
  /** The small CPU-friendly ViT of the built-in backbone: 32x32 input, patch 4 (64 patches). */
  static final VitArch VIT_TINY = new VitArch("vit-tiny", 32, 4, 96, 4, 3, 4);

  /** ViT-B/16 at 224. */
  static final VitArch VIT_B16 = new VitArch("vit-b16", 224, 16, 768, 12, 12, 4);

  VitArch {
    if (imageSize % patchSize != 0 || dim % heads != 0 || depth < 1 || mlpRatio < 1) {
      throw new IllegalArgumentException(
          "inconsistent ViT arch "
              + name
              + ": image "
              + imageSize
              + ", patch "
              + patchSize
              + ", dim "
              + dim
              + ", heads "
              + heads
              + ", depth "
              + depth);
    }
  }

  static Optional<VitArch> preset(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "vit-tiny" -> Optional.of(VIT_TINY);
      case "vit-b16" -> Optional.of(VIT_B16);
      default -> Optional.empty();
    };
  }

  int patches() {
    int side = imageSize / patchSize;
    return side * side;
  }
}
