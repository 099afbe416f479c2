package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * The {@code precision} setting. {@code fp32} trains as is. {@code fp16} is mixed precision as in
 * Micikevicius et al. (2018): forward and backward run on FP16 copies of every weight, the
 * optimizer updates FP32 master weights (the parameters' own arrays) and refreshes the copies, the
 * logits and the loss are FP32, and the loss is scaled dynamically ({@link LossScale}).
 *
 * <p>BF16 is not offered: any BF16 tensor aborts the JVM in DJL 0.36's PyTorch JNI. Casts inside
 * the graph cannot use DJL's {@code toType} (it runs without grad), so the FP16 copies are leaves
 * of their own and the model widens its logits with a type-promoting add.
 */
enum MixedPrecision {
  FP32(DataType.FLOAT32),
  FP16(DataType.FLOAT16);

  private final DataType computeType;

  MixedPrecision(DataType computeType) {
    this.computeType = computeType;
  }

  /** The setting's value ({@code fp32} or {@code fp16}). */
  static MixedPrecision of(String setting) {
    for (MixedPrecision p : values()) {
      if (p.name().equalsIgnoreCase(setting)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown precision '" + setting + "'; use fp32 or fp16");
  }

  DataType computeType() {
    return computeType;
  }

  LossScale newLossScale() {
    return this == FP32 ? LossScale.none() : LossScale.dynamic();
  }

  /**
   * Gives every parameter of {@code table} a compute copy in this precision (none for FP32). The
   * copies of {@code trainable} parameters receive the gradients; their FP32 masters stop requiring
   * them.
   */
  void castModel(ParamTable table, List<ParamTable.Entry> trainable) {
    if (this == FP32) {
      return;
    }
    for (ParamTable.Entry e : table.entries()) {
      NDArray master = e.array();
      NDArray copy = master.toType(computeType, false);
      if (trainable.contains(e)) {
        master.setRequiresGradient(false);
        copy.setRequiresGradient(true);
      }
      table.setComputeCopy(e.parameter(), copy);
    }
  }

  /** Back to the FP32 masters alone (before saving or inspecting the trained model). */
  void release(ParamTable table) {
    table.dropComputeCopies();
  }
}
