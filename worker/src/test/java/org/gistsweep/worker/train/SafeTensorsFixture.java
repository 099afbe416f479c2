package org.gistsweep.worker.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** A model's tensors by checkpoint name, in memory. */
final class SafeTensorsFixture {
  private SafeTensorsFixture() {}

  static Map<String, SafeTensors.Tensor> tensors(GistVit model) {
    Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
    for (ParamTable.Entry e : model.table().entries()) {
      out.put(e.name(), new SafeTensors.Tensor(e.shape().getShape(), e.array().toFloatArray()));
    }
    return out;
  }
}
