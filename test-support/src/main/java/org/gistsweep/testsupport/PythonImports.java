package org.gistsweep.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs import statements in Debian's {@code /usr/bin/python3}, one at a time, and names the first
 * that fails with Python's own message: a missing module ({@code No module named 'numpy'}), a
 * half-installed one ({@code libblas.so.3: cannot open shared object file}, which numpy reports on
 * its "Original error was" line), or a broken install.
 */
final class PythonImports {
  /** The interpreter the project's Python scripts are run with. */
  static final String PYTHON = "/usr/bin/python3";

  private static final String OK = "gist-sweep-probe-ok";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private PythonImports() {}

  static Optional<String> problem(List<String> statements) {
    String list =
        statements.stream()
            .map(s -> "'" + s.replace("'", "\\'") + "'")
            .collect(Collectors.joining(", "));
    String program =
        String.join(
            "\n",
            "import sys",
            "for s in [" + list + "]:",
            "    try:",
            "        exec(s, {})",
            "    except BaseException as e:",
            "        lines = [l.strip() for l in str(e).splitlines() if l.strip()]",
            "        cause = [l for l in lines if l.startswith('Original error was')]",
            "        msg = (cause or lines or [''])[0]",
            "        print('`' + s + '` failed: ' + type(e).__name__ + (': ' + msg if msg else"
                + " ''))",
            "        sys.exit(3)",
            "print('" + OK + "')");
    CommandResult r = CommandRunner.run(TIMEOUT, List.of(PYTHON, "-c", program));
    if (r.launchFailure() == null && !r.timedOut() && r.exitCode() == 3) {
      return Optional.of(PYTHON + ": " + r.out().strip());
    }
    return r.problemUnless(Pattern.compile(OK));
  }
}
