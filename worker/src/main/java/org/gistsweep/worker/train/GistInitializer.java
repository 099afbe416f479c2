package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.gistsweep.common.spec.GistInit;

/**
 * Fills the data-dependent Gist inits after the backbone weights are loaded: {@code cls} copies the
 * pretrained [CLS] token into every Gist token, {@code mean_patch} uses the mean of the first
 * training batch's patch tokens (after the positional embedding). Other inits are left as created.
 */
final class GistInitializer {
  private GistInitializer() {}

  static void apply(GistVit model, GistInit init, NDArray firstBatchImages) {
    if (!model.peft().gist() || (init != GistInit.CLS && init != GistInit.MEAN_PATCH)) {
      return;
    }
    NDArray token = model.table().get(GistInitSpec.TOKEN).array();
    int k = (int) token.getShape().get(1);
    int d = (int) token.getShape().get(2);
    float[] one;
    if (init == GistInit.CLS) {
      one = model.table().get("cls_token").array().toFloatArray();
    } else {
      try (NDManager tmp = firstBatchImages.getManager().newSubManager()) {
        NDArray images = firstBatchImages.duplicate();
        images.attach(tmp);
        NDArray patches = model.patchTokens(images);
        one = patches.mean(new int[] {0}).mean(new int[] {0}).toFloatArray();
      }
    }
    float[] values = new float[k * d];
    for (int j = 0; j < k; j++) {
      System.arraycopy(one, 0, values, j * d, d);
    }
    ParamTable.overwrite(token, values);
  }
}
