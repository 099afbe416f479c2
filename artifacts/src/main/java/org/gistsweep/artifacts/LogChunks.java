package org.gistsweep.artifacts;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Names of attempt-log chunks: {@code <log>/000001}, {@code <log>/000002}, ... (six digits, more
 * past 999999; readers sort by number, not by name).
 */
final class LogChunks {
  private LogChunks() {}

  static String key(String log, long number) {
    return log + "/" + String.format("%06d", number);
  }

  /** The chunk number of {@code key} directly below {@code log}, or empty for any other key. */
  static OptionalLong number(String log, String key) {
    if (!key.startsWith(log + "/")) {
      return OptionalLong.empty();
    }
    String name = key.substring(log.length() + 1);
    if (name.isEmpty() || name.length() > 18 || !name.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long number = Long.parseLong(name);
    return number > 0 ? OptionalLong.of(number) : OptionalLong.empty();
  }

  /** The chunks of {@code log} in the store, oldest first. */
  static List<ArtifactInfo> list(ArtifactStore store, String log) {
    return store.list(log).stream()
        .filter(info -> number(log, info.key()).isPresent())
        .sorted(Comparator.comparingLong(info -> number(log, info.key()).getAsLong()))
        .toList();
  }
}
