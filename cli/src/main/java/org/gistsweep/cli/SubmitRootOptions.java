package org.gistsweep.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.spec.WorkerRoots;
import picocli.CommandLine.Option;

/**
 * What the orchestrator knows of its workers' roots ({@code orchestrator}, {@code serve}): a sweep
 * whose absolute {@code data_dir} or {@code backbone} lies outside them is refused at submit with a
 * 400. The folders need not exist here: they are the workers'.
 */
final class SubmitRootOptions {
  @Option(
      names = "--data-root",
      paramLabel = "DIR",
      description =
          "The workers read trial data under DIR (repeatable): refuse at submit an absolute"
              + " data_dir outside every one (default: not checked here; the workers always"
              + " check).")
  List<Path> dataRoots = new ArrayList<>();

  @Option(
      names = "--weights-root",
      paramLabel = "DIR",
      description =
          "The workers read backbone files under DIR (repeatable): refuse at submit an absolute"
              + " backbone outside every one (default: not checked here).")
  List<Path> weightsRoots = new ArrayList<>();

  WorkerRoots roots() {
    return new WorkerRoots(
        absolute("--data-root", dataRoots), absolute("--weights-root", weightsRoots));
  }

  private static List<String> absolute(String option, List<Path> folders) {
    for (Path f : folders) {
      if (!f.isAbsolute()) {
        throw new InvalidConfigException(
            option + " " + f + " must be an absolute path (as the workers see it), e.g. /data");
      }
    }
    return folders.stream().map(Path::toString).toList();
  }
}
