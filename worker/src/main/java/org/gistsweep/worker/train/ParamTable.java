package org.gistsweep.worker.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Every parameter of a model under its checkpoint name (timm names for the backbone), with its
 * group. Parameters are created initialised, from a seeded Java random source, in the model's
 * manager.
 */
final class ParamTable {
  /** One named parameter. */
  record Entry(String name, ParamGroup group, Parameter parameter) {
    NDArray array() {
      return parameter.getArray();
    }

    Shape shape() {
      return parameter.getArray().getShape();
    }

    boolean isBiasLike() {
      return shape().dimension() <= 1;
    }
  }

  private final NDManager manager;
  private final SplittableRandom rng;
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<Parameter, NDArray> computeCopies = new IdentityHashMap<>();

  ParamTable(NDManager manager, long seed) {
    this.manager = manager;
    this.rng = new SplittableRandom(seed);
  }

  Parameter truncNormal(String name, ParamGroup group, Shape shape, double std) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      double z;
      do {
        z = gaussian();
      } while (Math.abs(z) > 2.0);
      v[i] = (float) (z * std);
    }
    return add(name, group, shape, v);
  }

  Parameter uniform(String name, ParamGroup group, Shape shape, double a) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextDouble(-a, a);
    }
    return add(name, group, shape, v);
  }

  Parameter normal(String name, ParamGroup group, Shape shape, double std) {
    float[] v = new float[(int) shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (gaussian() * std);
    }
    return add(name, group, shape, v);
  }

  Parameter constant(String name, ParamGroup group, Shape shape, float value) {
    float[] v = new float[(int) shape.size()];
    Arrays.fill(v, value);
    return add(name, group, shape, v);
  }

  private Parameter add(String name, ParamGroup group, Shape shape, float[] values) {
    if (entries.containsKey(name)) {
      throw new IllegalStateException("duplicate parameter " + name);
    }
    Parameter.Type type = name.endsWith("bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    Parameter p = Parameter.builder().setName(name).setType(type).optRequiresGrad(false).build();
    p.setArray(manager.create(values, shape));
    entries.put(name, new Entry(name, group, p));
    return p;
  }

  private double gaussian() {
    double u1 = rng.nextDouble(1e-12, 1.0);
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Overwrites {@code target} in place with {@code values} (same element count). Not through DJL's
   * {@code NDArray.set(Buffer)}: its libtorch path prints a deprecation warning about
   * AutoNonVariableTypeMode ("silent wrong result") into every worker's output.
   */
  static void overwrite(NDArray target, float[] values) {
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      target.subi(target).addi(source);
    }
  }

  /**
   * The array a forward pass uses for {@code p}: its compute copy if it has one, else its own
   * array.
   */
  NDArray value(Parameter p) {
    NDArray copy = computeCopies.get(p);
    return copy != null ? copy : p.getArray();
  }

  /** Makes forward passes use {@code copy} for {@code p} (mixed precision). */
  void setComputeCopy(Parameter p, NDArray copy) {
    computeCopies.put(p, copy);
  }

  /** Closes every compute copy; forward passes use the parameters' own arrays again. */
  void dropComputeCopies() {
    computeCopies.values().forEach(NDArray::close);
    computeCopies.clear();
  }

  Entry get(String name) {
    Entry e = entries.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return e;
  }

  List<Entry> entries() {
    return Collections.unmodifiableList(new ArrayList<>(entries.values()));
  }

  /** Sum of element counts of the parameters in {@code group}. */
  long count(ParamGroup group) {
    return entries.values().stream()
        .filter(e -> e.group() == group)
        .mapToLong(e -> e.shape().size())
        .sum();
  }

  long total() {
    return entries.values().stream().mapToLong(e -> e.shape().size()).sum();
  }
}
