package org.gistsweep.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process toolkit on a tiny child JVM ({@link Sleeper}). */
class ChildProcessTest {
  private static final Duration START = Duration.ofSeconds(60);

  @TempDir Path dir;

  private static List<String> sleeper(String... args) {
    return GistCli.java(Sleeper.class.getName(), List.of("-Xmx32m"), args);
  }

  @Test
  void startsWhenReadyKillsRestartsWithTheSameArgumentsAndTerminatesGracefully() throws Exception {
    try (ProcessGroup group = new ProcessGroup(dir)) {
      ChildProcess child =
          group
              .child("sleeper", sleeper(), Map.of(), Readiness.logLine("sleeper ready"), START)
              .start();
      long first = child.pid();
      assertThat(child.isAlive()).isTrue();

      child.kill();
      assertThat(child.isAlive()).isFalse();
      assertThat(child.currentRunLog())
          .as("SIGKILL runs no shutdown hook")
          .doesNotContain("sleeper terminated");

      child.start();
      assertThat(child.pid()).isNotEqualTo(first);
      assertThat(child.runs()).isEqualTo(2);
      assertThat(child.currentRunLog()).contains("sleeper ready");

      assertThat(child.terminate(Duration.ofSeconds(30))).as("ended on SIGTERM").isTrue();
      child.awaitLog("sleeper terminated", Duration.ofSeconds(5));
      assertThat(Files.readString(child.log())).contains("run 1 of sleeper", "run 2 of sleeper");
    }
  }

  @Test
  void closingTheGroupKillsWhatStillRuns() {
    ChildProcess child;
    try (ProcessGroup group = new ProcessGroup(dir)) {
      child =
          group
              .child("sleeper", sleeper(), Map.of(), Readiness.logLine("sleeper ready"), START)
              .start();
    }
    assertThat(child.isAlive()).isFalse();
  }

  @Test
  void aChildThatExitsBeforeItIsReadyFailsTheStartWithItsLog() {
    try (ProcessGroup group = new ProcessGroup(dir)) {
      ChildProcess child =
          group.child("quitter", sleeper("3"), Map.of(), Readiness.logLine("never printed"), START);
      assertThatThrownBy(child::start)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("quitter exited with status 3")
          .hasMessageContaining("sleeper ready");
    }
  }

  @Test
  void aOneShotCommandRunsToCompletion() {
    try (ProcessGroup group = new ProcessGroup(dir)) {
      assertThat(
              group
                  .child("once", sleeper("0"), Map.of(), Readiness.immediately(), START)
                  .runToCompletion(START))
          .contains("sleeper ready");
      assertThatThrownBy(
              () ->
                  group
                      .child("fails", sleeper("2"), Map.of(), Readiness.immediately(), START)
                      .runToCompletion(START))
          .hasMessageContaining("exited with status 2");
    }
  }
}
