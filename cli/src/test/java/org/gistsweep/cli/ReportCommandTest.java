package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code report} prints the numbers the API serves: one ask/tell study on a real {@code serve}
 * (GIST on and off over three seeds, one trial pruned), its {@code /ablation} in every format
 * against {@code report URL} and {@code report study.json}.
 */
class ReportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STUDY =
      "{\"name\": \"abl\", \"directions\": [\"maximize\"], \"trials\": 6, \"sampler\": {\"type\":"
          + " \"grid\"}, \"space\": {\"gist\": {\"type\": \"categorical\", \"choices\": [true,"
          + " false]}, \"seed\": {\"type\": \"categorical\", \"choices\": [1, 2, 3]}}}";

  @TempDir Path dir;
  private ServeCommand serve;
  private CompletableFuture<Integer> exit;
  private String url;

  @BeforeEach
  void serveAStudy() throws Exception {
    CommandLine cli = Main.commandLine();
    serve = cli.getSubcommands().get("serve").getCommand();
    serve.apiToken.env = k -> null;
    serve.out = new PrintStream(new ByteArrayOutputStream(), true);
    CompletableFuture<Orchestrator> ready = new CompletableFuture<>();
    serve.onReady = ready::complete;
    exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0"));
    CompletableFuture.anyOf(ready, exit).get(60, TimeUnit.SECONDS);
    String base = ready.get().url();
    String id = JSON.readTree(post(base + "api/studies", STUDY).body()).path("id").asText();
    url = base + "api/studies/" + id;
    for (int n = 0; n < 6; n++) {
      JsonNode params = JSON.readTree(post(url + "/ask", "").body()).path("params");
      boolean gist = params.path("gist").asBoolean();
      int seed = params.path("seed").asInt();
      double best = (gist ? 0.61 : 0.60) + 0.013 * seed * seed;
      post(url + "/trials/" + n + "/report", "{\"step\": 1, \"value\": " + best + "}");
      post(
          url + "/trials/" + n + "/report",
          "{\"step\": 2, \"value\": " + (best - 0.01 * seed) + "}");
      String tell =
          !gist && seed == 3
              ? "{\"trial\": " + n + ", \"state\": \"pruned\"}"
              : "{\"trial\": " + n + ", \"values\": [" + best + "]}";
      assertThat(post(url + "/tell", tell).statusCode()).isEqualTo(200);
    }
  }

  @AfterEach
  void stop() throws Exception {
    serve.running.stop();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }

  private HttpResponse<String> post(String to, String body) throws Exception {
    return TestHttp.postJson(to, body);
  }

  private String get(String to) throws Exception {
    HttpResponse<String> r = TestHttp.get(to);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  /** Runs {@code report ARGS}: exit code, stdout, stderr. */
  private record Run(int code, String out, String err) {}

  private static Run report(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ((ReportCommand) cli.getSubcommands().get("report").getCommand()).out =
        new PrintStream(out, true, StandardCharsets.UTF_8);
    List<String> all = new ArrayList<>(List.of("report"));
    all.addAll(List.of(args));
    int code = cli.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  @Test
  void theCliPrintsTheApisNumbersInEveryFormat() throws Exception {
    Path file = Files.writeString(dir.resolve("study.json"), get(url + "/trials"));
    for (String query : List.of("", "value=last", "levels=false,true", "over=none")) {
      for (String format : List.of("json", "md", "tex", "csv", "text")) {
        String served =
            get(url + "/ablation?format=" + format + (query.isEmpty() ? "" : "&" + query));
        List<String> options = new ArrayList<>(List.of("--format", format));
        if (!query.isEmpty()) {
          String[] kv = query.split("=");
          options.addAll(List.of("--" + kv[0], kv[1]));
        }
        List<String> fromUrl = new ArrayList<>(List.of(url));
        fromUrl.addAll(options);
        List<String> fromFile = new ArrayList<>(List.of(file.toString()));
        fromFile.addAll(options);
        Run viaUrl = report(fromUrl.toArray(String[]::new));
        assertThat(viaUrl.code()).as(viaUrl.err()).isZero();
        assertThat(viaUrl.out()).as(query + " " + format).isEqualTo(served);
        assertThat(report(fromFile.toArray(String[]::new)).out())
            .as(query + " " + format + " from study.json")
            .isEqualTo(served);
      }
    }
    assertThat(report(file.toString(), "--json").out()).isEqualTo(get(url + "/ablation"));

    JsonNode table = JSON.readTree(get(url + "/ablation"));
    JsonNode overall = table.path("overall");
    // seeds 1 and 2 pair (+0.01 each); seed 3's GIST-off trial was pruned, so GIST-on seed 3 is
    // unpaired
    assertThat(overall.path("n").asInt()).isEqualTo(2);
    assertThat(overall.path("mean").asDouble()).isCloseTo(0.01, Assertions.within(1e-12));
    assertThat(table.path("excluded").path("PRUNED").asInt()).isEqualTo(1);
    assertThat(table.path("unpaired")).hasSize(1);
    JsonNode on = table.path("lines").get(0).path("cells").path("true");
    assertThat(on.path("n").asInt()).isEqualTo(3);
    assertThat(on.path("mean").asDouble())
        .isCloseTo(0.61 + 0.013 * 14 / 3, Assertions.within(1e-12));
  }

  @Test
  void aParameterTheStudyLacksIsAnErrorListingItsParameters() throws Exception {
    Path file = Files.writeString(dir.resolve("study.json"), get(url + "/trials"));
    Run r = report(file.toString(), "--by", "peft");
    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("--by", "'peft'", "gist, seed");
    Run text = report(file.toString());
    assertThat(text.code()).isZero();
    assertThat(text.out())
        .startsWith("Study abl-")
        .contains("gist=true", "gist=false", "All pairs", "over seed");
  }

  @Test
  void runRefusesAnUnknownReportFormatBeforeItStarts() {
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("run", "../examples/ablation.yaml", "--report", "pdf"))
        .isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(err.toString()).contains("--report", "md, tex, csv", "auto or none");
  }
}
