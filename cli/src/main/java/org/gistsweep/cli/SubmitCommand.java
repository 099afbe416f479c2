package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpecParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gist-sweep submit SPEC.yaml --orchestrator URL}: start a sweep on a running
 * orchestrator.
 */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Start the sweep in SPEC on a running orchestrator.")
final class SubmitCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SPEC.yaml", description = "The sweep file.")
  Path spec;

  @Option(
      names = "--orchestrator",
      required = true,
      paramLabel = "URL",
      description = "e.g. http://127.0.0.1:8080")
  String orchestrator;

  @Mixin ApiTokenOptions apiToken = new ApiTokenOptions();

  @Override
  public Integer call() throws IOException, InterruptedException {
    JsonNode tree = readValidated();
    String base = orchestrator.replaceAll("/+$", "");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/api/studies"))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(tree)));
    apiToken.secret().ifPresent(token -> request.header("Authorization", "Bearer " + token));
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot reach the orchestrator at "
              + base
              + " ("
              + e
              + "); start one with ./gist-sweep orchestrator --bootstrap HOST:PORT",
          e);
    }
    if (response.statusCode() == 401) {
      throw new InvalidConfigException(
          "the orchestrator at "
              + base
              + " refused the submission (HTTP 401: "
              + response.body()
              + "); give its API token with --api-token-file FILE or the "
              + ApiTokenOptions.ENV
              + " environment variable");
    }
    if (response.statusCode() != 201) {
      throw new UserFacingException(
          spec
              + ": the orchestrator refused the sweep (HTTP "
              + response.statusCode()
              + "): "
              + response.body());
    }
    String id = new ObjectMapper().readTree(response.body()).path("id").asText();
    System.out.println("Submitted study " + id);
    System.out.println("Leaderboard: " + base + "/studies/" + id);
    System.out.println("Trials JSON: " + base + "/api/studies/" + id + "/trials");
    return 0;
  }

  private JsonNode readValidated() {
    JsonNode tree;
    try {
      tree = new YAMLMapper().readTree(Files.readString(spec));
    } catch (IOException e) {
      SweepSpecParser.parse(spec);
      throw new UserFacingException(spec + ": cannot read: " + e.getMessage(), e);
    }
    String fallback = spec.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
    try {
      SweepSpecParser.parse(tree, fallback);
    } catch (SpecException e) {
      throw e.withSource(spec.toString());
    }
    if (tree instanceof ObjectNode o && !o.has("name") && !o.has("study")) {
      o.put("name", fallback);
    }
    return tree;
  }
}
