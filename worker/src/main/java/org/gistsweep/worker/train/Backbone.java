package org.gistsweep.worker.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * A resolved backbone: its arch and pretrained tensors (empty for a random init).
 *
 * @param arch the ViT shape
 * @param tensors tensors by checkpoint name
 * @param source where they came from, for messages
 * @param file the real path of the checkpoint file read ({@code builtin:}: the extracted resource),
 *     or {@code null} for a random init
 */
record Backbone(VitArch arch, Map<String, SafeTensors.Tensor> tensors, String source, Path file) {
  boolean pretrained() {
    return !tensors.isEmpty();
  }
}
