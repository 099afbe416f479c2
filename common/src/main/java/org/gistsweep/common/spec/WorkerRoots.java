package org.gistsweep.common.spec;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The folders the orchestrator knows its workers read from, as the orchestrator was told ({@code
 * --data-root}, {@code --weights-root}; automatic for the local workers of {@code run} and {@code
 * quickstart}). Only absolute paths are compared, lexically: the orchestrator may not see the
 * workers' files. An empty list means "unknown": nothing is checked against it. The workers check
 * every path again, on their own file system.
 *
 * @param data folders a trial's {@code data_dir} may lie under
 * @param weights folders a trial's {@code backbone} file may lie under
 */
public record WorkerRoots(List<String> data, List<String> weights) {
  /** Roots not known: only the checks that need no roots are made. */
  public static final WorkerRoots UNKNOWN = new WorkerRoots(List.of(), List.of());

  /** Keeps each root once, in order; every root must be absolute. */
  public WorkerRoots {
    data = distinctAbsolute(data, "data");
    weights = distinctAbsolute(weights, "weights");
  }

  private static List<String> distinctAbsolute(List<String> roots, String kind) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String r : roots) {
      if (!Path.of(r).isAbsolute()) {
        throw new IllegalArgumentException(kind + " root '" + r + "' must be an absolute path");
      }
      out.add(Path.of(r).normalize().toString());
    }
    return List.copyOf(out);
  }

  /** Whether {@code absolutePath} lies in (or is) one of {@code roots}, compared lexically. */
  static boolean within(String absolutePath, List<String> roots) {
    Path p = Path.of(absolutePath).normalize();
    return roots.stream().anyMatch(r -> p.startsWith(Path.of(r)));
  }
}
