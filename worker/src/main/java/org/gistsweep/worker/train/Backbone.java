package org.gistsweep.worker.train;

import java.util.Map;

/**
 * A resolved backbone: its arch and pretrained tensors (empty for a random init).
 *
 * @param arch the ViT shape
 * @param tensors tensors by checkpoint name
 * @param source where they came from, for messages
 */
record Backbone(VitArch arch, Map<String, SafeTensors.Tensor> tensors, String source) {
  boolean pretrained() {
    return !tensors.isEmpty();
  }
}
