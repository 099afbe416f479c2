package org.gistsweep.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command run in this JVM, with its exit code, output and errors captured. */
record CliRun(int code, String out, String err) {
  /** Runs {@code gist-sweep <args>} as {@link Main} configures it. */
  static CliRun main(String... args) {
    return run(Main.commandLine(), args);
  }

  /** Runs one command object with the command line's error reporting. */
  static CliRun command(Object command, String... args) {
    return run(new CommandLine(command).setExecutionExceptionHandler(new ErrorReporter()), args);
  }

  private static CliRun run(CommandLine cli, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
