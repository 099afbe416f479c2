package org.gistsweep.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The folders a worker may read trial data and weights from: options of {@code worker}, {@code run}
 * and {@code quickstart} (a worker writes only to its artifact store, {@link ArtifactStoreOptions},
 * and caches). A root given here must exist when the worker starts (a typo fails at once); the
 * defaults may not exist yet.
 */
final class WorkerRootOptions {
  @Option(
      names = "--data-root",
      paramLabel = "DIR",
      description =
          "Also let trials read data (data_dir, split files, images) under DIR; repeatable. The"
              + " default data folder (--data, else $GIST_SWEEP_HOME/data) always is one.")
  List<Path> dataRoots = new ArrayList<>();

  @Option(
      names = "--weights-root",
      paramLabel = "DIR",
      description =
          "Let trials read backbone files (and their .json sidecars) under DIR; repeatable"
              + " (default: $GIST_SWEEP_HOME/weights). builtin: and random: backbones need none.")
  List<Path> weightsRoots = new ArrayList<>();

  /** The extra data roots, absolute; each must be a folder. */
  List<Path> dataRoots() {
    return existing("--data-root", dataRoots);
  }

  /**
   * The weights roots, absolute: those given (each must be a folder), else {@code home/weights}.
   */
  List<Path> weightsRoots(GistHome home) {
    return weightsRoots.isEmpty()
        ? List.of(home.weights())
        : existing("--weights-root", weightsRoots);
  }

  private static List<Path> existing(String option, List<Path> folders) {
    List<Path> out = new ArrayList<>();
    for (Path f : folders) {
      if (!Files.isDirectory(f)) {
        throw new InvalidConfigException(
            option + " " + f + " is not a folder; create it or leave the option out");
      }
      out.add(f.toAbsolutePath());
    }
    return out;
  }
}
