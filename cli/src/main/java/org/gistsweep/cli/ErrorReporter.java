package org.gistsweep.cli;

import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.cli.broker.BrokerSecurityException;
import org.gistsweep.cli.broker.UnreachableBrokerException;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.orchestrator.http.UnprotectedApiException;
import org.gistsweep.orchestrator.http.UnprotectedReadsException;
import picocli.CommandLine;

/** Turns failures into one clear line on stderr and an exit status, without a stack trace. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof SpecException
        || e instanceof InvalidConfigException
        || e instanceof UnprotectedApiException
        || e instanceof UnprotectedReadsException
        || e instanceof BrokerSecurityException) {
      cmd.getErr().println("error: " + e.getMessage());
      return ExitCodes.INVALID_INPUT;
    }
    if (e instanceof ArtifactStoreException a) {
      cmd.getErr().println("error: " + a.getMessage());
      return ArtifactStoreOptions.exitCode(a);
    }
    if (e instanceof UnreachableBrokerException || e instanceof UnreachableOrchestratorException) {
      cmd.getErr().println("error: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
    if (e instanceof UserFacingException) {
      cmd.getErr().println("error: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    cmd.getErr().println("error: " + e);
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      cmd.getErr().println("  caused by: " + c);
    }
    return ExitCodes.FAILED;
  }
}
