package org.gistsweep.common.spec;

/**
 * The range one parameter is drawn from. Numbers are handled internally as doubles; {@link
 * #toExternal(double)} turns an internal value back into the parameter's own type.
 */
public sealed interface Distribution
    permits FloatDistribution, IntDistribution, CategoricalDistribution {

  /** The {@code type} name in sweep files: {@code float}, {@code int} or {@code categorical}. */
  String typeName();

  /** Whether {@code value} (in the parameter's own type) lies in this distribution. */
  boolean contains(Object value);

  /** Converts an internal double (for categoricals: the choice index) to the external value. */
  Object toExternal(double internal);

  /** Converts an external value to its internal double (for categoricals: the choice index). */
  double toInternal(Object external);
}
