package org.gistsweep.orchestrator.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gistsweep.artifacts.ByteRange;

/**
 * An HTTP {@code Range} request header of one byte range ({@code bytes=first-last}, {@code
 * bytes=first-}, {@code bytes=-suffix}). Anything else (several ranges, another unit, a malformed
 * value) is ignored, as RFC 9110 lets a server do: the whole object is sent.
 */
final class RangeHeader {
  private static final Pattern ONE = Pattern.compile("bytes=(\\d{0,18})-(\\d{0,18})");

  private RangeHeader() {}

  /** The range the header asks for, or empty when there is none to honour. */
  static Optional<ByteRange> parse(String header) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = ONE.matcher(header.strip());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    if (m.group(1).isEmpty()) {
      return Optional.of(ByteRange.suffix(Long.parseLong(m.group(2))));
    }
    long first = Long.parseLong(m.group(1));
    if (m.group(2).isEmpty()) {
      return Optional.of(ByteRange.from(first));
    }
    long last = Long.parseLong(m.group(2));
    return last < first ? Optional.empty() : Optional.of(ByteRange.of(first, last));
  }

  /** The {@code Content-Range} of bytes {@code first..last} of an object of {@code size} bytes. */
  static String contentRange(ByteRange.Resolved range, long size) {
    return "bytes " + range.first() + "-" + range.last() + "/" + size;
  }

  /** The {@code Content-Range} of a 416 answer. */
  static String unsatisfied(long size) {
    return "bytes */" + size;
  }

  /** Whether an {@code If-None-Match} header names {@code etag} (or is {@code *}). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
