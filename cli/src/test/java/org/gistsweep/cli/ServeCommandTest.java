package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.testsupport.RawHttp;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code serve}: the HTTP API on its own, no Kafka; ask, report and tell over real HTTP. */
class ServeCommandTest {
  private static final String TOKEN = "0123456789abcdef0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** A running {@code serve}: its base URL, its exit code once stopped, its command object. */
  private record Server(
      String url, CompletableFuture<Integer> exit, ServeCommand command, StringWriter err) {
    int stop() throws Exception {
      command.running.stop();
      return exit.get(30, TimeUnit.SECONDS);
    }
  }

  private Server serve(Map<String, String> env, String... args) throws Exception {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    ServeCommand command = cli.getSubcommands().get("serve").getCommand();
    command.apiToken.env = env::get;
    command.out = new PrintStream(new ByteArrayOutputStream(), true);
    CompletableFuture<Orchestrator> ready = new CompletableFuture<>();
    command.onReady = ready::complete;
    String[] all = new String[args.length + 3];
    all[0] = "serve";
    all[1] = "--port";
    all[2] = "0";
    System.arraycopy(args, 0, all, 3, args.length);
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(all));
    CompletableFuture.anyOf(ready, exit).get(60, TimeUnit.SECONDS);
    assertThat(exit).as(err.toString()).isNotDone();
    return new Server(ready.get().url(), exit, command, err);
  }

  private HttpResponse<String> post(String url, String body, String token) throws Exception {
    return token == null
        ? TestHttp.postJson(url, body)
        : TestHttp.postJson(url, body, "Authorization", "Bearer " + token);
  }

  private static JsonNode ok(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  @Test
  void asksReportsAndTellsOverHttpWithoutKafka() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Server s = serve(Map.of(), "--api-token-file", tokenFile.toString());
    String study =
        "{\"name\": \"quad\", \"directions\": [\"minimize\"], \"pruner\": {\"type\": \"median\"},"
            + " \"space\": {\"x\": {\"type\": \"float\", \"low\": -5, \"high\": 5}}, \"sampler\":"
            + " {\"type\": \"tpe\", \"seed\": 7}}";

    HttpResponse<String> anonymous = post(s.url() + "api/studies", study, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    String id = ok(post(s.url() + "api/studies", study, TOKEN), 201).path("id").asText();
    for (int n = 0; n < 3; n++) {
      JsonNode asked = ok(post(s.url() + "api/studies/" + id + "/ask", "", TOKEN), 200);
      assertThat(asked.path("trial").asInt()).isEqualTo(n);
      double x = asked.path("params").path("x").asDouble();
      assertThat(x).isBetween(-5.0, 5.0);
      JsonNode decision =
          ok(
              post(
                  s.url() + "api/studies/" + id + "/trials/" + n + "/report",
                  "{\"step\": 1, \"value\": " + (x * x + 1) + "}",
                  TOKEN),
              200);
      assertThat(decision.path("decision").asText()).isIn("continue", "prune");
      JsonNode told =
          ok(
              post(
                  s.url() + "api/studies/" + id + "/tell",
                  "{\"trial\": " + n + ", \"values\": [" + x * x + "]}",
                  TOKEN),
              200);
      assertThat(told.path("state").asText()).isEqualTo("COMPLETE");
    }
    HttpResponse<String> trials = TestHttp.get(s.url() + "api/studies/" + id + "/trials");
    JsonNode done = ok(trials, 200);
    assertThat(done.path("counts").path("COMPLETE").asInt()).isEqualTo(3);
    assertThat(done.path("best_trial").isInt()).isTrue();

    HttpResponse<String> sweep =
        post(
            s.url() + "api/studies",
            "{\"name\": \"w\", \"budget\": {\"trials\": 2}, \"space\": {\"lr\": {\"type\":"
                + " \"float\", \"low\": 0.001, \"high\": 0.1}}}",
            TOKEN);
    assertThat(sweep.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(sweep.body()).path("error").asText())
        .contains("ask/tell", "orchestrator --bootstrap");
    assertThat(s.stop()).isZero();
  }

  @Test
  void submitSendsTheTokenFromTheEnvironment() throws Exception {
    Server s = serve(Map.of(ApiTokenOptions.ENV, TOKEN));
    Path sweep = Files.writeString(dir.resolve("sweep.yaml"), "budget: {trials: 2}\n");

    CommandLine without = Main.commandLine();
    StringWriter err = new StringWriter();
    without.setErr(new PrintWriter(err, true));
    ((SubmitCommand) without.getSubcommands().get("submit").getCommand()).apiToken.env = k -> null;
    assertThat(without.execute("submit", sweep.toString(), "--orchestrator", s.url()))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("HTTP 401", "--api-token-file", ApiTokenOptions.ENV);

    CommandLine with = Main.commandLine();
    StringWriter err2 = new StringWriter();
    with.setErr(new PrintWriter(err2, true));
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    assertThat(
            with.execute(
                "submit",
                sweep.toString(),
                "--orchestrator",
                s.url(),
                "--api-token-file",
                tokenFile.toString()))
        .isEqualTo(ExitCodes.FAILED);
    assertThat(err2.toString())
        .as("past the token check: refused because serve has no workers")
        .contains("HTTP 409", "ask/tell");
    assertThat(s.stop()).isZero();
  }

  @Test
  void readTokenWithoutATokenAndMalformedOriginsOrHostsAreConfigurationErrors() {
    Map<String[], List<String>> cases =
        Map.of(
            new String[] {"--read-token"},
                List.of("--read-token", "--api-token-file", ApiTokenOptions.ENV),
            new String[] {"--allowed-origin", "evil.example"},
                List.of("--allowed-origin 'evil.example'", "scheme://host[:port]"),
            new String[] {"--allowed-host", "orchestrator:8080"},
                List.of("--allowed-host 'orchestrator:8080'", "without scheme, port"));
    cases.forEach(
        (args, expected) -> {
          CommandLine cli = Main.commandLine();
          StringWriter err = new StringWriter();
          cli.setErr(new PrintWriter(err, true));
          ((ServeCommand) cli.getSubcommands().get("serve").getCommand()).apiToken.env = k -> null;
          List<String> all = new ArrayList<>(List.of("serve", "--port", "0"));
          all.addAll(List.of(args));
          assertThat(cli.execute(all.toArray(String[]::new)))
              .as(err.toString())
              .isEqualTo(ExitCodes.INVALID_INPUT);
          assertThat(err.toString()).contains(expected);
        });
  }

  @Test
  void withReadTokenReadsNeedTheTokenAndTheClientsSendIt() throws Exception {
    Server s =
        serve(
            Map.of(ApiTokenOptions.ENV, TOKEN), "--read-token", "--allowed-host", "sweep.example");
    String id =
        ok(
                post(
                    s.url() + "api/studies",
                    "{\"name\": \"reads\", \"directions\": [\"maximize\"],"
                        + " \"space\": {\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 3}}}",
                    TOKEN),
                201)
            .get("id")
            .asText();
    HttpResponse<String> anonymous = TestHttp.get(s.url() + "api/studies");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    int port = URI.create(s.url()).getPort();
    assertThat(RawHttp.get(port, "/health/ready", "sweep.example:" + port).status()).isEqualTo(200);
    assertThat(RawHttp.get(port, "/health/ready", "attacker.example:" + port).status())
        .isEqualTo(403);

    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    assertThat(
            Main.commandLine()
                .execute(
                    "study",
                    "show",
                    id,
                    "--orchestrator",
                    s.url(),
                    "--api-token-file",
                    tokenFile.toString()))
        .isZero();
    CommandLine report = Main.commandLine();
    StringWriter err = new StringWriter();
    report.setErr(new PrintWriter(err, true));
    ((ReportCommand) report.getSubcommands().get("report").getCommand()).apiToken.env = k -> null;
    assertThat(report.execute("report", s.url() + "api/studies/" + id))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("HTTP 401", "--read-token", "--api-token-file");
    CommandLine withToken = Main.commandLine();
    StringWriter err2 = new StringWriter();
    withToken.setErr(new PrintWriter(err2, true));
    withToken.execute(
        "report", s.url() + "api/studies/" + id, "--api-token-file", tokenFile.toString());
    assertThat(err2.toString()).as("past the token check").doesNotContain("401");
  }

  @Test
  void theCapsAreSetOnTheCommandLineAndNamedWhenSomethingIsOverThem() throws Exception {
    Server s = serve(Map.of(), "--max-trials", "5", "--max-grid", "10");
    String space = "\"space\": {\"x\": {\"type\": \"int\", \"low\": 0, \"high\": %d}}";
    HttpResponse<String> many =
        post(
            s.url() + "api/studies",
            "{\"directions\": [\"minimize\"], \"trials\": 6, " + space.formatted(3) + "}",
            null);
    assertThat(ok(many, 400).path("error").asText())
        .contains("trials", "at most 5", "--max-trials");
    HttpResponse<String> grid =
        post(
            s.url() + "api/studies",
            "{\"directions\": [\"minimize\"], \"sampler\": {\"type\": \"grid\"}, "
                + space.formatted(10)
                + "}",
            null);
    assertThat(ok(grid, 400).path("error").asText())
        .contains("space.x", "11 grid values", "at most 10", "--max-grid");

    String id =
        ok(
                post(
                    s.url() + "api/studies",
                    "{\"directions\": [\"minimize\"], \"trials\": 5, " + space.formatted(3) + "}",
                    null),
                201)
            .path("id")
            .asText();
    CommandLine extend = Main.commandLine();
    StringWriter err = new StringWriter();
    extend.setErr(new PrintWriter(err, true));
    assertThat(extend.execute("study", "extend", id, "--trials", "6", "--orchestrator", s.url()))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("trials", "at most 5", "--max-trials", "HTTP 400");
    assertThat(s.stop()).isZero();
  }

  @Test
  void aLoopbackServerWithoutTokenIsOpen() throws Exception {
    Server s = serve(Map.of());
    ok(
        post(
            s.url() + "api/studies",
            "{\"name\": \"open\", \"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\":"
                + " \"int\", \"low\": 0, \"high\": 3}}}",
            null),
        201);
    assertThat(s.stop()).isZero();
  }
}
