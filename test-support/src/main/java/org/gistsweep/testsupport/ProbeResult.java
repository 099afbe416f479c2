package org.gistsweep.testsupport;

/**
 * Whether an optional tool works here and, if not, why.
 *
 * @param tool the tool probed
 * @param problem what failed, in the probe's words, or null when the tool works
 */
public record ProbeResult(Tool tool, String problem) {

  /** Whether the tool works here. */
  public boolean available() {
    return problem == null;
  }

  /**
   * The skip reason: the missing piece and the Debian packages that bring it, e.g. {@code "needs
   * Optuna for Debian's python3: /usr/bin/python3: `import numpy as np` failed:
   * ModuleNotFoundError: No module named 'numpy' (apt-get install -y python3-optuna)"}.
   */
  public String reason() {
    return available()
        ? tool.description() + " is available"
        : "needs "
            + tool.description()
            + ": "
            + problem
            + " (apt-get install -y "
            + tool.debianPackages()
            + ")";
  }
}
