package org.gistsweep.worker.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.gistsweep.common.spec.GistInit;

/**
 * How to create the Gist token tensor {@code gist.token} (1, k, d). The data-dependent inits
 * ({@code cls}, {@code mean_patch}) start at zero here and are filled in by {@link GistInitializer}
 * once the pretrained weights (and the first batch) are there.
 *
 * @param init the initialisation kind
 * @param scale a of uniform(-a, a), or the std of normal
 */
record GistInitSpec(GistInit init, double scale) {
  static final String TOKEN = "gist.token";

  Parameter create(ParamTable table, Shape shape) {
    return switch (init) {
      case UNIFORM -> table.uniform(TOKEN, ParamGroup.GIST, shape, scale);
      case NORMAL -> table.normal(TOKEN, ParamGroup.GIST, shape, scale);
      case ZEROS, CLS, MEAN_PATCH -> table.constant(TOKEN, ParamGroup.GIST, shape, 0f);
    };
  }
}
