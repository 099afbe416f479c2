package org.gistsweep.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gistsweep.orchestrator.ablation.AblationException;
import org.gistsweep.orchestrator.ablation.AblationFormat;
import org.gistsweep.orchestrator.ablation.AblationQuery;
import org.gistsweep.orchestrator.ablation.AblationTable;
import org.gistsweep.orchestrator.ablation.StudyResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gist-sweep report STUDY}: the ablation table of a sweep ({@link AblationTable}) from a
 * {@code study.json} or a running orchestrator's study URL; the same model and renderers as {@code
 * GET /api/studies/{id}/ablation}, so the numbers are the API's.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Print the ablation table of a sweep: one column per level of --by (mean ± sample std over"
          + " --over),",
      "the paired difference with its 95% CI and p when --by has two levels, VTAB-1K group means"
          + " and Avg for VTAB tasks,",
      "and a caption stating every convention. The same table as GET /api/studies/{id}/ablation."
    })
final class ReportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      index = "0",
      paramLabel = "STUDY",
      description =
          "study.json (from --output) or a study URL, e.g. http://127.0.0.1:8080/api/studies/ID")
  String source;

  @Option(
      names = "--by",
      paramLabel = "PARAM",
      description = "The compared parameter; its levels are the columns (default: gist).")
  String by;

  @Option(
      names = "--over",
      paramLabel = "PARAM",
      description =
          "The parameter a cell averages over (default: seed when the study has one; none: no"
              + " averaging).")
  String over;

  @Option(
      names = "--rows",
      paramLabel = "PARAM",
      description =
          "The parameter naming the rows (default: task when the study has one; none: no row"
              + " parameter).")
  String rows;

  @Option(
      names = "--levels",
      paramLabel = "A,B",
      description =
          "The two levels of --by to compare, difference = A - B (default: every level; booleans"
              + " true first).")
  String levels;

  @Option(
      names = "--value",
      paramLabel = "best|last",
      description = "The best epoch's value (the study's objective; default) or the last epoch's.")
  String value;

  @Option(
      names = "--avg",
      paramLabel = "groups|tasks",
      description = "VTAB-1K Avg: the mean of the three group means (default) or of the tasks.")
  String avg;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default), md (GitHub table), tex (booktabs), csv (one line per cell) or json (full"
              + " precision).")
  String format;

  @Option(names = "--json", description = "Same as --format json.")
  boolean json;

  /**
   * Sent as the bearer token when reading a study URL (an orchestrator started with --read-token
   * needs it).
   */
  @Mixin ApiTokenOptions apiToken = new ApiTokenOptions();

  PrintStream out = System.out;

  @Override
  public Integer call() throws IOException, InterruptedException {
    StudyResults study;
    try {
      study = StudyResults.fromJson(read());
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(source + ": " + e.getMessage(), e);
    }
    Map<String, String> query = new LinkedHashMap<>();
    put(query, "by", by);
    put(query, "over", over);
    put(query, "rows", rows);
    put(query, "levels", levels);
    put(query, "value", value);
    put(query, "avg", avg);
    try {
      AblationFormat as = AblationFormat.parse(json ? "json" : format);
      out.print(as.render(AblationTable.of(study, AblationQuery.parse(query))));
    } catch (AblationException e) {
      throw new InvalidConfigException(source + ": --" + e.field() + ": " + e.getMessage(), e);
    }
    return 0;
  }

  private static void put(Map<String, String> query, String key, String value) {
    if (value != null) {
      query.put(key, value);
    }
  }

  private Map<String, Object> read() throws IOException, InterruptedException {
    String text;
    if (source.startsWith("http://") || source.startsWith("https://")) {
      String url = source.replaceAll("/+$", "");
      url = url.endsWith("/trials") ? url : url + "/trials";
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
      apiToken.secret().ifPresent(token -> request.header("Authorization", "Bearer " + token));
      HttpResponse<String> r;
      try {
        r =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new UserFacingException(
            "cannot reach " + url + " (" + e + "); is the orchestrator running?", e);
      }
      if (r.statusCode() == 401) {
        throw new InvalidConfigException(
            url
                + " answered HTTP 401: the orchestrator needs its API token to read (--read-token);"
                + " give it with --api-token-file FILE or the "
                + ApiTokenOptions.ENV
                + " environment variable");
      }
      if (r.statusCode() != 200) {
        throw new UserFacingException(url + " answered HTTP " + r.statusCode() + ": " + r.body());
      }
      text = r.body();
    } else {
      try {
        text = Files.readString(Path.of(source));
      } catch (NoSuchFileException e) {
        throw new UserFacingException(
            source + ": file not found; pass the study.json written by --output, or a study URL",
            e);
      }
    }
    try {
      return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new UserFacingException(
          source + ": not a JSON object (" + e.getOriginalMessage() + ")", e);
    }
  }
}
