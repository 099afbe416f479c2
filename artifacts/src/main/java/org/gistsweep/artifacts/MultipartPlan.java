package org.gistsweep.artifacts;

import java.util.ArrayList;
import java.util.List;

/**
 * How an S3 put is split: objects up to {@code threshold} bytes go in one PUT, larger ones in parts
 * of {@code partSize} bytes (grown when an object would need more than S3's 10,000 parts).
 *
 * <p>The default, 16 MiB for both, keeps the ViT-B/16 adapter (0.64 MB) and every sidecar and log
 * chunk in one request, sends a full 344 MB model in 21 parts (a failed part costs at most 16 MiB
 * again), needs no buffering (parts are read from the file) and reaches 156 GiB before parts grow.
 */
record MultipartPlan(long threshold, long partSize) {
  static final long MIB = 1 << 20;

  /** S3's smallest part (all but the last). */
  static final long MIN_PART = 5 * MIB;

  static final int MAX_PARTS = 10_000;
  static final MultipartPlan DEFAULT = new MultipartPlan(16 * MIB, 16 * MIB);

  MultipartPlan {
    if (partSize < MIN_PART || threshold < 0) {
      throw new IllegalArgumentException(
          "S3 parts are at least 5 MiB, got " + partSize + "; threshold " + threshold);
    }
  }

  /** Whether an object of {@code size} bytes goes in a single PUT. */
  boolean single(long size) {
    return size <= threshold;
  }

  /** The parts of an object of {@code size} bytes, numbered from 1. */
  List<Part> parts(long size) {
    long part = Math.max(partSize, ceilDiv(size, MAX_PARTS));
    List<Part> parts = new ArrayList<>();
    for (long offset = 0; offset < size; offset += part) {
      parts.add(new Part(parts.size() + 1, offset, Math.min(part, size - offset)));
    }
    return parts;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** One part: its number (from 1), offset and length in the object. */
  record Part(int number, long offset, long length) {}
}
