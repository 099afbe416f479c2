package org.gistsweep.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CommandResultTest {
  private static final Pattern OK = Pattern.compile("probe-ok");

  @Test
  void aMissingBinaryIsAProblemNamingTheCommand() {
    CommandResult r =
        CommandRunner.run(Duration.ofSeconds(5), List.of("/nonexistent/gist-tool", "--version"));
    assertThat(r.problemUnless(OK))
        .hasValueSatisfying(
            p -> assertThat(p).startsWith("`/nonexistent/gist-tool --version` could not start"));
  }

  @Test
  void aNonZeroExitIsAProblemWithItsLastErrorLine() {
    CommandResult r =
        CommandRunner.run(
            Duration.ofSeconds(5),
            List.of(
                "/bin/sh",
                "-c",
                "echo first >&2; echo 'libblas.so.3: cannot open shared object file' >&2; exit 1"));
    assertThat(r.problemUnless(OK))
        .hasValue(
            "`/bin/sh -c echo first >&2; echo 'libblas.so.3: cannot open shared object file' >&2;"
                + " exit 1` exited with 1: libblas.so.3: cannot open shared object file");
  }

  @Test
  void anEmptyOutputIsAProblemEvenWithExitZero() {
    CommandResult r = CommandRunner.run(Duration.ofSeconds(5), List.of("/bin/true"));
    assertThat(r.problemUnless(OK)).hasValue("`/bin/true` printed no probe-ok");
  }

  @Test
  void aCommandPastItsTimeIsKilledAndIsAProblem() {
    long start = System.nanoTime();
    CommandResult r =
        CommandRunner.run(Duration.ofMillis(300), List.of("/bin/sh", "-c", "sleep 30"));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.problemUnless(OK)).hasValue("`/bin/sh -c sleep 30` did not finish in time");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void theExpectedOutputWithExitZeroIsNoProblem() {
    CommandResult r =
        CommandRunner.run(Duration.ofSeconds(5), List.of("/bin/sh", "-c", "echo probe-ok 12.3"));
    assertThat(r.problemUnless(OK)).isEmpty();
    assertThat(r.find(Pattern.compile("(\\d+)\\.")).map(m -> m.group(1))).hasValue("12");
  }
}
