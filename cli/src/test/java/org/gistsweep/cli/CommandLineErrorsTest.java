package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gistsweep.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input exits non-zero at once with a message naming the file, the field and the fix. */
class CommandLineErrorsTest {
  @TempDir Path dir;

  private record Result(int code, String err, long millis) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = cli.execute(args);
    return new Result(code, err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  private Path sweep(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void unknownKeyNamesFileFieldAndFix() throws Exception {
    Path file = sweep("typo.yaml", "budget: {trials: 2, paralel: 2}\n");
    Result r = run("run", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains(file.toString(), "budget.paralel", "unknown key", "parallel");
  }

  @Test
  void aWorkerMayNotTakeTheOrchestratorsReservedIdNorAnUnprintableOne() {
    for (String id : new String[] {"orchestrator", "Orchestrator", "w\u0007", "w".repeat(129)}) {
      Result r = run("worker", "--bootstrap", "127.0.0.1:1", "--id", id);
      assertThat(r.code()).as(id).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(r.err()).as(id).startsWith("error: --id: worker id").contains("Pick another id");
      assertThat(r.millis()).as("refused before connecting").isLessThan(5_000);
    }
  }

  @Test
  void invertedRangeNamesFileFieldAndFix() throws Exception {
    Path file =
        sweep("inverted.yaml", "space: {lr: {type: float, low: 0.1, high: 0.001, log: true}}\n");
    Result r = run("run", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains(file.toString(), "space.lr.low", "inverted range", "swap");
  }

  @Test
  void emptyRangeNamesFileFieldAndFix() throws Exception {
    Path file = sweep("empty.yaml", "space: {kl_weight: {type: float, low: 0.5, high: 0.5}}\n");
    Result r = run("run", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains(file.toString(), "space.kl_weight.high", "empty range", "widen");
  }

  @Test
  void unknownPeftMethodNamesFileFieldAndFix() throws Exception {
    Path file = sweep("peft.yaml", "training: {peft: prompt_tuning}\n");
    Result r = run("run", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            file.toString(), "training.peft", "unknown PEFT method 'prompt_tuning'", "adapter");
  }

  @Test
  void missingFileIsNamed() {
    Result r = run("run", dir.resolve("nope.yaml").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("nope.yaml", "file not found");
  }

  @Test
  void submitValidatesBeforeContactingTheOrchestrator() throws Exception {
    Path file = sweep("bad-submit.yaml", "space: {lr: {type: float, low: 1, high: 0.1}}\n");
    Result r = run("submit", file.toString(), "--orchestrator", "http://127.0.0.1:1");
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains(file.toString(), "space.lr.low");
  }

  @Test
  void unreachableBrokerIsReportedWithinTheTimeout() throws Exception {
    int unused = FreePorts.next(); // nothing listens there
    Result r = run("worker", "--bootstrap", "127.0.0.1:" + unused, "--connect-timeout", "3");
    assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("127.0.0.1:" + unused, "unreachable", "./gist-sweep broker");
    assertThat(r.millis()).as("reported promptly, never a hang").isLessThan(30_000);
  }

  @Test
  void aPublicApiWithoutTokenRefusesToStartAndSaysHow() {
    for (String command : new String[] {"orchestrator", "serve"}) {
      CommandLine cli = Main.commandLine();
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err, true));
      String[] args =
          command.equals("serve")
              ? new String[] {"serve", "--host", "0.0.0.0", "--port", "0"}
              : new String[] {
                "orchestrator", "--bootstrap", "127.0.0.1:1", "--host", "0.0.0.0", "--port", "0"
              };
      Object options = cli.getSubcommands().get(command).getCommand();
      ApiTokenOptions token =
          options instanceof ServeCommand s ? s.apiToken : ((OrchestratorCommand) options).apiToken;
      token.env = k -> null;
      assertThat(cli.execute(args)).as(command).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(err.toString())
          .startsWith("error: ")
          .contains("0.0.0.0", "--api-token-file", "GIST_API_TOKEN", "127.0.0.1");
    }
  }

  @Test
  void aShortOrEmptyTokenIsRefused() throws Exception {
    Path empty = sweep("empty-token", "\n");
    Result r = run("serve", "--port", "0", "--api-token-file", empty.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains(empty.toString(), "empty");
    Path weak = sweep("weak-token", "letmein\n");
    Result w = run("serve", "--port", "0", "--api-token-file", weak.toString());
    assertThat(w.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(w.err()).contains(weak.toString(), "at least 16");
  }

  @Test
  void aBadKafkaConfigIsRefusedBeforeConnecting() throws Exception {
    Path config =
        sweep(
            "client.properties", "security.protocol=SSL\nssl.endpoint.identification.algoritm=\n");
    Result r = run("worker", "--bootstrap", "127.0.0.1:1", "--kafka-config", config.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            config.toString(),
            "ssl.endpoint.identification.algoritm",
            "ssl.endpoint.identification.algorithm");
    assertThat(r.millis()).as("no connection attempt").isLessThan(10_000);

    Path ok = sweep("ok.properties", "security.protocol=SSL\n");
    Result embedded =
        run(
            "run",
            "--kafka-config",
            ok.toString(),
            sweep("s.yaml", "budget: {trials: 1}\n").toString());
    assertThat(embedded.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(embedded.err()).contains("--kafka-config", "needs --bootstrap");
  }

  @Test
  void everyCommandThatTalksToKafkaTakesAKafkaConfig() {
    CommandLine cli = Main.commandLine();
    List<String> kafkaCommands =
        cli.getSubcommands().entrySet().stream()
            .filter(e -> e.getValue().getCommandSpec().findOption("--bootstrap") != null)
            .map(Map.Entry::getKey)
            .filter(
                name ->
                    !name.startsWith(
                        "bench-")) // benchmark harnesses run against a plaintext test broker
            .toList();
    assertThat(kafkaCommands).contains("orchestrator", "worker", "run", "quickstart", "serve");
    for (String name : kafkaCommands) {
      assertThat(cli.getSubcommands().get(name).getCommandSpec().findOption("--kafka-config"))
          .as(name)
          .isNotNull();
    }
  }

  @Test
  void everyCommandThatStartsAnOrchestratorTakesTheCaps() {
    CommandLine cli = Main.commandLine();
    for (String name : List.of("orchestrator", "serve", "run", "quickstart")) {
      for (String option : List.of("--max-trials", "--max-parallel", "--max-grid")) {
        assertThat(cli.getSubcommands().get(name).getCommandSpec().findOption(option))
            .as(name + " " + option)
            .isNotNull();
      }
    }
  }

  @Test
  void aSweepOverTheCapsIsRefusedBeforeABrokerOrAWorkerStarts() throws Exception {
    Path file = sweep("wide.yaml", "budget: {trials: 10, parallel: 5000}\n");
    Result r = run("run", file.toString(), "--port", "0");
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("budget.parallel", "is 5000", "at most 1024", "--max-parallel");
    assertThat(r.millis()).as("nothing was started").isLessThan(10_000);

    Result lowered =
        run(
            "run",
            sweep("s.yaml", "budget: {trials: 3}\n").toString(),
            "--max-trials",
            "2",
            "--port",
            "0");
    assertThat(lowered.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(lowered.err()).contains("budget.trials", "at most 2", "--max-trials");

    Result zero = run("serve", "--port", "0", "--max-trials", "0");
    assertThat(zero.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(zero.err()).contains("--max-trials must be at least 1");
  }

  @Test
  void builtInQuickstartSweepIsValid() {
    assertThat(QuickstartCommand.builtInSpec().budget().trials()).isBetween(8, 12);
  }
}
