package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * SSF's scale-and-shift {@code y = gamma * x + beta} over the last (channel) axis, placed after a
 * linear, conv or norm op; gamma starts at 1 and beta at 0 so training starts from the pretrained
 * function. Names {@code <op>.ssf_scale} and {@code <op>.ssf_shift}, e.g. {@code
 * blocks.0.attn.qkv.ssf_scale}.
 */
final class Ssf extends VitLayer {
  private final Parameter scale;
  private final Parameter shift;

  private Ssf(ParamTable table, String op, long channels) {
    this.scale =
        register(
            table, table.constant(op + ".ssf_scale", ParamGroup.PEFT, new Shape(channels), 1f));
    this.shift =
        register(
            table, table.constant(op + ".ssf_shift", ParamGroup.PEFT, new Shape(channels), 0f));
  }

  /** An SSF layer after op {@code op} when the method is SSF, else null. */
  static Ssf after(ParamTable table, String op, long channels, PeftSpec peft) {
    return peft.ssf() ? new Ssf(table, op, channels) : null;
  }

  /** {@code x} through {@code ssf}, or {@code x} unchanged when {@code ssf} is null. */
  static NDArray apply(Ssf ssf, NDArray x) {
    return ssf == null ? x : ssf.apply(x, false);
  }

  @Override
  NDArray apply(NDArray x, boolean training) {
    return x.mul(value(scale)).add(value(shift));
  }
}
