package org.gistsweep.cli;

import org.gistsweep.cli.logging.LogFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./gist-sweep}. */
@Command(
    name = "gist-sweep",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Hyperparameter sweeps of GIST parameter-efficient fine-tuning over Kafka.",
    subcommands = {
      QuickstartCommand.class,
      RunCommand.class,
      BrokerCommand.class,
      OrchestratorCommand.class,
      WorkerCommand.class,
      SubmitCommand.class,
      StudyCommand.class,
      ArtifactsCommand.class,
      ServeCommand.class,
      PretrainCommand.class,
      ModelCommand.class,
      InspectCommand.class,
      EvaluateCommand.class,
      ReportCommand.class,
      BenchSamplerCommand.class,
      BenchTrainingCommand.class,
      BenchCheckpointCommand.class,
      BenchLoadCommand.class,
      BenchUiCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    Runtime.configureDefaults();
    LogFormat.configure(args);
    if (args.length > 0
        && (args[0].equals("quickstart") || args[0].equals("run") || args[0].equals("bench-ui"))) {
      Runtime.quietForConsole();
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new ErrorReporter());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
