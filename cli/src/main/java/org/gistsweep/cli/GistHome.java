package org.gistsweep.cli;

import java.nio.file.Path;

/**
 * Where GIST Sweep keeps generated data and cached weights on this machine: {@code
 * $GIST_SWEEP_HOME}, else {@code ~/.cache/gist-sweep}.
 */
record GistHome(Path root) {
  static GistHome resolve() {
    String env = System.getenv("GIST_SWEEP_HOME");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".cache", "gist-sweep");
    return new GistHome(root.toAbsolutePath());
  }

  /** The default VTAB-1K layout root; built-in tasks are generated here. */
  Path data() {
    return root.resolve("data");
  }

  /** Extracted built-in weights and other caches. */
  Path cache() {
    return root.resolve("cache");
  }

  /** The default weights root: backbone files a trial may name. */
  Path weights() {
    return root.resolve("weights");
  }

  /** The default artifact store ({@code --artifacts}): trial weights and attempt logs. */
  Path artifacts() {
    return root.resolve("artifacts");
  }
}
