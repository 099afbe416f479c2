package org.gistsweep.common.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One of a list of choices (strings, numbers or booleans); internally the choice's index. At most
 * {@value #MAX_CHOICES} choices: looking a value up is linear in them.
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {
  /** The most choices one categorical parameter may list. */
  public static final int MAX_CHOICES = 10_000;

  public CategoricalDistribution {
    if (choices == null || choices.isEmpty()) {
      throw new SpecException("choices", "needs at least one choice, e.g. choices: [a, b]");
    }
    if (choices.size() > MAX_CHOICES) {
      throw new SpecException(
          "choices",
          "lists "
              + choices.size()
              + " choices; at most "
              + MAX_CHOICES
              + " are allowed; search a numeric range (type: int) instead");
    }
    if (new HashSet<>(choices).size() != choices.size()) {
      throw new SpecException(
          "choices", "lists a value twice: " + choices + "; remove the duplicate");
    }
    choices = List.copyOf(choices);
  }

  @Override
  public String typeName() {
    return "categorical";
  }

  @Override
  public boolean contains(Object value) {
    return indexOf(value) >= 0;
  }

  @Override
  public Object toExternal(double internal) {
    return choices.get((int) Math.round(internal));
  }

  @Override
  public double toInternal(Object external) {
    int i = indexOf(external);
    if (i < 0) {
      throw new IllegalArgumentException(external + " is not one of " + choices);
    }
    return i;
  }

  private int indexOf(Object value) {
    for (int i = 0; i < choices.size(); i++) {
      Object c = choices.get(i);
      if (Objects.equals(c, value)
          || (c instanceof Number a
              && value instanceof Number b
              && a.doubleValue() == b.doubleValue())) {
        return i;
      }
    }
    return -1;
  }
}
