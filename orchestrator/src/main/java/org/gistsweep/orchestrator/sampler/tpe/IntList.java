package org.gistsweep.orchestrator.sampler.tpe;

import java.util.Arrays;

/** A growable list of ints without boxing. */
final class IntList {
  private int[] items = new int[16];
  private int size;

  void add(int v) {
    if (size == items.length) {
      items = Arrays.copyOf(items, 2 * size);
    }
    items[size++] = v;
  }

  int get(int i) {
    return items[i];
  }

  int size() {
    return size;
  }

  void clear() {
    size = 0;
  }
}
