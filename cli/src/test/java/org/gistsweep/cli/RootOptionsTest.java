package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root options fail fast on what cannot work: a mistyped worker root, a relative root for the
 * orchestrator, and a local sweep naming a path outside its workers' roots (before any broker
 * starts).
 */
class RootOptionsTest {
  @TempDir Path dir;

  private static CliRun run(String... args) {
    return CliRun.main(args);
  }

  @Test
  void aWorkerRootThatIsNotAFolderStopsTheWorkerBeforeItWaitsForTheBroker() {
    Path missing = dir.resolve("no-such-folder");
    CliRun r =
        run(
            "worker",
            "--bootstrap",
            "127.0.0.1:1",
            "--connect-timeout",
            "600",
            "--weights-root",
            missing.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "--weights-root " + missing + " is not a folder; create it or leave the option out");
  }

  @Test
  void theOrchestratorsRootsMustBeAbsolute() {
    CliRun r =
        run(
            "orchestrator",
            "--bootstrap",
            "127.0.0.1:1",
            "--connect-timeout",
            "600",
            "--data-root",
            "data");
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("--data-root data must be an absolute path");
  }

  @Test
  void aLocalSweepNamingAPathOutsideItsWorkersRootsIsRefusedBeforeAnythingStarts()
      throws Exception {
    Path file =
        Files.writeString(dir.resolve("passwd.yaml"), "training: {backbone: /etc/passwd}\n");
    CliRun r = run("run", file.toString(), "--port", "0", "--weights-root", dir.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "training.backbone", "'/etc/passwd' is outside the workers' weights roots (" + dir);
  }
}
