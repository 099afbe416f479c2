package org.gistsweep.testsupport;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one probe command did: it could not start, it ran past its time, or it exited with a code
 * and printed something.
 *
 * @param command the command as run
 * @param launchFailure why it could not start (a missing binary, say), or null when it started
 * @param timedOut whether it was killed at its time limit
 * @param exitCode its exit code (meaningful only when it started and finished)
 * @param out its standard output
 * @param err its standard error
 */
public record CommandResult(
    List<String> command,
    String launchFailure,
    boolean timedOut,
    int exitCode,
    String out,
    String err) {

  /**
   * Why this result does not show a working tool, or empty when the command started, finished in
   * time, exited 0 and printed something matching {@code expected} on standard output. The output
   * check matters: an empty file bound over a binary "runs" as an empty shell script and exits 0.
   */
  public Optional<String> problemUnless(Pattern expected) {
    return problemUnless(expected, expected.pattern());
  }

  /**
   * As {@link #problemUnless(Pattern)}, naming what was expected in words (for a pattern with regex
   * syntax).
   */
  public Optional<String> problemUnless(Pattern expected, String described) {
    String shown = String.join(" ", command);
    if (launchFailure != null) {
      return Optional.of("`" + shown + "` could not start: " + launchFailure);
    }
    if (timedOut) {
      return Optional.of("`" + shown + "` did not finish in time");
    }
    if (exitCode != 0) {
      return Optional.of("`" + shown + "` exited with " + exitCode + lastLine(err, out));
    }
    if (!expected.matcher(out).find()) {
      return Optional.of("`" + shown + "` printed no " + described + lastLine(err, out));
    }
    return Optional.empty();
  }

  /** The first match of {@code pattern} in standard output, for reading versions. */
  public Optional<Matcher> find(Pattern pattern) {
    Matcher m = pattern.matcher(out);
    return m.find() ? Optional.of(m) : Optional.empty();
  }

  private static String lastLine(String err, String out) {
    String text = !err.isBlank() ? err : out;
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
  }
}
