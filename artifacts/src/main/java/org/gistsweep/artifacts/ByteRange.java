package org.gistsweep.artifacts;

/**
 * Which bytes of an object to read, as in an HTTP {@code Range} header: {@code first-last}
 * (inclusive), {@code first-} (to the end) or {@code -n} (the last n bytes).
 *
 * <p>{@code first} is -1 for a suffix range, and {@code last} is -1 for an open end; a suffix range
 * holds its length in {@code last}. Resolve against an object's size with {@link #resolve}.
 */
public record ByteRange(long first, long last) {
  private static final ByteRange ALL = new ByteRange(0, -1);

  public ByteRange {
    boolean suffix = first == -1;
    if (suffix ? last < 0 : first < 0 || last < -1 || (last >= 0 && last < first)) {
      throw new IllegalArgumentException(
          "not a byte range: first "
              + first
              + ", last "
              + last
              + " (use ByteRange.of(first, last) with 0 <= first <= last, from(first) or"
              + " suffix(n))");
    }
  }

  /** Every byte of the object. */
  public static ByteRange all() {
    return ALL;
  }

  /** Bytes first to last, both included. */
  public static ByteRange of(long first, long last) {
    if (last < 0) {
      throw new IllegalArgumentException("the last byte of a range must be >= 0, got " + last);
    }
    return new ByteRange(first, last);
  }

  /** Bytes from first to the end. */
  public static ByteRange from(long first) {
    return new ByteRange(first, -1);
  }

  /** The last n bytes (the whole object when it is shorter). */
  public static ByteRange suffix(long n) {
    return new ByteRange(-1, n);
  }

  /** Whether this is {@link #all()}. */
  public boolean isAll() {
    return first == 0 && last == -1;
  }

  /** The header value, e.g. {@code bytes=0-99}, {@code bytes=100-} or {@code bytes=-10}. */
  public String header() {
    if (first == -1) {
      return "bytes=-" + last;
    }
    return "bytes=" + first + "-" + (last == -1 ? "" : Long.toString(last));
  }

  /**
   * The first and last byte this range selects in an object of {@code size} bytes, clipped to its
   * end like HTTP does.
   *
   * @throws ArtifactStoreException ({@link ArtifactStoreException.Reason#RANGE_NOT_SATISFIABLE})
   *     when no byte is selected (first at or past the end, a zero suffix); an empty object has
   *     only the whole range, which resolves to {@link Resolved#EMPTY}
   */
  public Resolved resolve(long size, String where) {
    if (isAll() && size == 0) {
      return Resolved.EMPTY;
    }
    long from = first == -1 ? Math.max(0, size - last) : first;
    long to = first == -1 || last == -1 ? size - 1 : Math.min(last, size - 1);
    if (from >= size || (first == -1 && last == 0)) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.RANGE_NOT_SATISFIABLE,
          where + ": range " + header() + " selects no byte of an object of " + size + " bytes",
          null);
    }
    return new Resolved(from, to);
  }

  /**
   * A range resolved against an object's size.
   *
   * @param first the first byte read
   * @param last the last byte read (first - 1 for an empty object)
   */
  public record Resolved(long first, long last) {
    /** The whole of an empty object. */
    public static final Resolved EMPTY = new Resolved(0, -1);

    /** The number of bytes the range holds. */
    public long length() {
      return last - first + 1;
    }
  }
}
