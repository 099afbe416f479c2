package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.cli.report.AblationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gist-sweep report STUDY}: the paper-style table of a sweep (per task, per value of one
 * parameter, the three VTAB-1K group means and their mean) from a {@code study.json} or a running
 * orchestrator's study URL.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Print the per-task table of a sweep: one column per value of --by (mean over seeds), "
        + "then the VTAB-1K group means and their mean.")
final class ReportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(index = "0", paramLabel = "STUDY",
      description = "study.json (from --output) or a study URL, e.g. http://127.0.0.1:8080/api/studies/ID")
  String source;

  @Option(names = "--by", defaultValue = "gist", paramLabel = "PARAM",
      description = "The compared parameter; its values are the columns (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(names = "--json", description = "Print the table as JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    JsonNode study = read();
    JsonNode trials = study.path("trials");
    if (!trials.isArray()) {
      throw new UserFacingException(source + ": no \"trials\" list; expected the JSON of GET /api/studies/{id}/trials or a study.json");
    }
    List<AblationReport.TrialRow> rows = new ArrayList<>();
    for (JsonNode t : trials) {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = JSON.convertValue(t.path("params"), Map.class);
      Double value = t.path("value").isNumber() ? t.path("value").asDouble() : null;
      rows.add(new AblationReport.TrialRow(t.path("state").asText(), params == null ? Map.of() : params, value));
    }
    AblationReport report;
    try {
      report = AblationReport.of(rows, by);
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(source + ": " + e.getMessage(), e);
    }
    if (json) {
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.toMap()));
    } else {
      System.out.printf("Study %s: %s of COMPLETE trials, mean over the other parameters (values in %%)%n",
          study.path("id").asText("?"), study.path("metric").asText("value"));
      System.out.printf("State %s; trials by state %s%n%n", study.path("state").asText("?"), study.path("counts"));
      System.out.print(report.render());
    }
    return 0;
  }

  private JsonNode read() throws IOException, InterruptedException {
    if (source.startsWith("http://") || source.startsWith("https://")) {
      String url = source.replaceAll("/+$", "");
      url = url.endsWith("/trials") ? url : url + "/trials";
      HttpResponse<String> r;
      try {
        r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UserFacingException("cannot reach " + url + " (" + e + "); is the orchestrator running?", e);
      }
      if (r.statusCode() != 200) {
        throw new UserFacingException(url + " answered HTTP " + r.statusCode() + ": " + r.body());
      }
      return JSON.readTree(r.body());
    }
    try {
      return JSON.readTree(Files.readString(Path.of(source)));
    } catch (NoSuchFileException e) {
      throw new UserFacingException(source + ": file not found; pass the study.json written by --output, or a study URL", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UserFacingException(source + ": not JSON (" + e.getOriginalMessage() + ")", e);
    }
  }
}
