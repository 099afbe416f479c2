package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Base of the ViT's layers: a DJL block whose parameters come ready-initialised from a {@link
 * ParamTable}, with a direct {@link #apply} used by the parent layers.
 *
 * <p>Manager rule (DJL places an op's result in its first operand's manager): every op in {@code
 * apply} has a batch activation as its first operand, never a parameter, and scalars are NDArrays
 * made in the activation's manager (never {@code mul(Number)} inside the graph).
 */
abstract class VitLayer extends AbstractBlock {
  private ParamTable table;

  /** The layer's output for activation {@code x}. */
  abstract NDArray apply(NDArray x, boolean training);

  /** Registers a table parameter with DJL's block structure under a short local name. */
  protected final Parameter register(ParamTable owner, Parameter p) {
    this.table = owner;
    String local = p.getName().substring(p.getName().lastIndexOf('.') + 1);
    if (!parameters.containsKey(local)) {
      parameters.put(local, p);
    } else {
      parameters.put(p.getName(), p);
    }
    return p;
  }

  /**
   * The array a forward pass uses for {@code p}: its compute copy under mixed precision (see {@link
   * MixedPrecision}), else the parameter's own array.
   */
  protected final NDArray value(Parameter p) {
    return table.value(p);
  }

  /** A 0-d float scalar in the manager of {@code like}. */
  static NDArray scalar(NDArray like, double value) {
    return like.getManager().create((float) value);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(apply(inputs.singletonOrThrow(), training));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException("shapes are known only by running apply()");
  }
}
