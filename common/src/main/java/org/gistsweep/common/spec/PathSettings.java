package org.gistsweep.common.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The training settings that name files and folders on a worker, and the checks that need no file
 * system: {@code task}, {@code train_split} and {@code eval_split} are plain names (no separator,
 * not {@code .} or {@code ..}); {@code data_dir} and {@code backbone} have no {@code ..} segment
 * and no NUL; a {@code builtin:} backbone names a plain resource. (The legacy {@code
 * checkpoint_dir} names nothing any more: a worker writes only to its artifact store, so it is not
 * checked.) With {@link WorkerRoots} known, an absolute {@code data_dir} or {@code backbone} must
 * lie under one of them.
 *
 * <p>The orchestrator runs these at submit on the fixed {@code training} block and on every value a
 * space parameter can take; the workers run {@link #problem} again and then check the real files
 * (symlinks resolved, regular files only) against their own roots.
 */
public final class PathSettings {
  /** Settings whose value is one name inside a folder. */
  public static final Set<String> PLAIN_NAMES = Set.of("task", "train_split", "eval_split");

  /** Settings whose value is a path on the worker. */
  public static final Set<String> PATHS = Set.of("data_dir", "backbone");

  private PathSettings() {}

  /**
   * What is wrong with {@code value} for {@code setting}, judged without a file system; empty when
   * nothing is, or when the setting names no file.
   */
  public static Optional<String> problem(String setting, String value) {
    if (PLAIN_NAMES.contains(setting)) {
      return plainName(value)
          ? Optional.empty()
          : Optional.of(
              "'"
                  + value
                  + "' must be a plain name (not empty, no '/' or '\\', not '.' or '..'): the"
                  + " worker reads "
                  + ("task".equals(setting)
                      ? "the folder <data_dir>/<task>"
                      : "the file <data_dir>/<task>/<" + setting + ">.txt"));
    }
    if (!PATHS.contains(setting)) {
      return Optional.empty();
    }
    if (value.indexOf('\0') >= 0) {
      return Optional.of("contains a NUL character; give a plain path");
    }
    if (hasDotDot(value)) {
      return Optional.of("'" + value + "' has a '..' segment; give the path without it");
    }
    if ("backbone".equals(setting)
        && value.startsWith("builtin:")
        && !plainName(value.substring("builtin:".length()))) {
      return Optional.of(
          "'"
              + value
              + "' must name a built-in backbone by a plain name, e.g. builtin:vit-tiny-shapes");
    }
    return Optional.empty();
  }

  /** {@link #check(SweepSpec, WorkerRoots)} with the roots unknown. */
  public static void check(SweepSpec spec) {
    check(spec, WorkerRoots.UNKNOWN);
  }

  /**
   * Checks every path setting of the sweep: the fixed {@code training} values and each choice of a
   * categorical space parameter that is one.
   *
   * @throws SpecException naming {@code training.<setting>} or {@code space.<setting>.choices[i]}
   */
  public static void check(SweepSpec spec, WorkerRoots roots) {
    for (Map.Entry<String, Object> e : spec.training().entrySet()) {
      check("training." + e.getKey(), e.getKey(), e.getValue(), roots);
    }
    for (ParameterSpec p : spec.space().parameters()) {
      if (p.distribution() instanceof CategoricalDistribution c) {
        List<Object> choices = c.choices();
        for (int i = 0; i < choices.size(); i++) {
          check("space." + p.name() + ".choices[" + i + "]", p.name(), choices.get(i), roots);
        }
      }
    }
  }

  private static void check(String field, String setting, Object raw, WorkerRoots roots) {
    if (raw == null) {
      return;
    }
    String value = String.valueOf(raw);
    Optional<String> wrong = problem(setting, value);
    if (wrong.isPresent()) {
      throw new SpecException(field, wrong.get());
    }
    if ("data_dir".equals(setting)) {
      outsideRoots(field, value, roots.data(), "data", "--data-root");
    } else if ("backbone".equals(setting)
        && !value.startsWith("builtin:")
        && !value.startsWith("random:")) {
      outsideRoots(field, value, roots.weights(), "weights", "--weights-root");
    }
  }

  private static void outsideRoots(
      String field, String value, List<String> roots, String kind, String option) {
    if (roots.isEmpty() || !isAbsolute(value) || WorkerRoots.within(value, roots)) {
      return;
    }
    throw new SpecException(
        field,
        "'"
            + value
            + "' is outside the workers' "
            + kind
            + " roots ("
            + String.join(", ", roots)
            + "); put it under one of them, or start the workers and the orchestrator with "
            + option
            + " DIR");
  }

  /** Not empty, no separator, not {@code .} or {@code ..}, no NUL. */
  static boolean plainName(String value) {
    return !value.isEmpty()
        && !value.equals(".")
        && !value.equals("..")
        && value.indexOf('/') < 0
        && value.indexOf('\\') < 0
        && value.indexOf('\0') < 0;
  }

  private static boolean hasDotDot(String value) {
    for (String segment : value.split("[/\\\\]", -1)) {
      if (segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** Absolute on any worker: a leading separator or a drive letter. */
  private static boolean isAbsolute(String value) {
    return value.startsWith("/") || value.startsWith("\\") || value.matches("^[A-Za-z]:.*");
  }
}
