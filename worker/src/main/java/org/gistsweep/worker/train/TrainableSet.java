package org.gistsweep.worker.train;

import java.util.List;
import org.gistsweep.common.spec.PeftMethod;

/**
 * Chooses the tensors that train: always the head and Gist token(s), plus per PEFT method the added
 * modules (adapter, sequential_adapter, lora, vpt_shallow, vpt_deep, ssf: group PEFT), every bias
 * of the backbone (bitfit, norm biases included), or everything (full). Marks exactly those as
 * requiring gradients.
 */
final class TrainableSet {
  private TrainableSet() {}

  static List<ParamTable.Entry> select(ParamTable table, PeftMethod method) {
    return table.entries().stream().filter(e -> trains(e, method)).toList();
  }

  static boolean trains(ParamTable.Entry e, PeftMethod method) {
    return switch (e.group()) {
      case HEAD, GIST, PEFT -> true;
      case BACKBONE ->
          method == PeftMethod.FULL || (method == PeftMethod.BITFIT && e.name().endsWith(".bias"));
    };
  }

  /** Sets requires-gradient on the trainable tensors and clears it on all others. */
  static List<ParamTable.Entry> apply(ParamTable table, PeftMethod method) {
    List<ParamTable.Entry> trainable = select(table, method);
    for (ParamTable.Entry e : table.entries()) {
      e.array().setRequiresGradient(trainable.contains(e));
    }
    return trainable;
  }
}
