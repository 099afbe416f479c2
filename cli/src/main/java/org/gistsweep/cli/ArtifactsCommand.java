package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gist-sweep artifacts list|pull STUDY [--trial N | --best K]}: a study's trial files
 * (weights, sidecars, attempt logs) through the orchestrator's HTTP API. {@code pull} writes {@code
 * DIR/<study>/<trial>/<name>}, resumes a partial file with a Range request, and checks each file's
 * sha256 (a mismatch deletes the file and fails naming it). Exit statuses as {@code study}'s.
 */
@Command(
    name = "artifacts",
    mixinStandardHelpOptions = true,
    description =
        "List and download a study's trial artifacts (weights, sidecars, logs) from a running"
            + " orchestrator, checking each file's sha256.",
    subcommands = {ArtifactsCommand.ListArtifacts.class, ArtifactsCommand.Pull.class})
final class ArtifactsCommand implements Runnable {
  @picocli.CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The study, which of its trials, and where the orchestrator is. */
  static final class Selection {
    @Mixin StudyCommand.Target target = new StudyCommand.Target();

    @Parameters(index = "0", paramLabel = "STUDY", description = "The study id.")
    String study;

    @Option(names = "--trial", paramLabel = "N", description = "Only this trial.")
    Integer trial;

    @Option(
        names = "--best",
        paramLabel = "K",
        description = "Only the best K complete trials by the study's (first) objective.")
    Integer best;

    /** The study JSON's trials this selection names, in the order they are listed. */
    List<JsonNode> trials(JsonNode studyJson) {
      if (trial != null && best != null) {
        throw new InvalidConfigException("give --trial N or --best K, not both");
      }
      if (best != null && best < 1) {
        throw new InvalidConfigException("--best must be at least 1, got " + best);
      }
      List<JsonNode> all = new ArrayList<>();
      studyJson.path("trials").forEach(all::add);
      if (trial != null) {
        return all.stream()
            .filter(t -> t.path("number").asInt() == trial)
            .findFirst()
            .map(List::of)
            .orElseThrow(
                () ->
                    new InvalidConfigException(
                        "study "
                            + study
                            + " has no trial "
                            + trial
                            + " (it has "
                            + all.size()
                            + ")"));
      }
      if (best == null) {
        return all;
      }
      boolean maximize = !"minimize".equals(studyJson.path("direction").asText());
      Comparator<JsonNode> byValue = Comparator.comparingDouble(t -> t.path("value").asDouble());
      return all.stream()
          .filter(t -> "COMPLETE".equals(t.path("state").asText()) && t.path("value").isNumber())
          .sorted(
              (maximize ? byValue.reversed() : byValue)
                  .thenComparingInt(t -> t.path("number").asInt()))
          .limit(best)
          .toList();
    }

    /** Each selected trial's artifact list from the API (only trials that have files). */
    List<JsonNode> lists(OrchestratorClient client) {
      JsonNode studyJson = client.get("/api/studies/" + study + "/trials");
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode t : trials(studyJson)) {
        if (!t.path("artifacts").isEmpty()) {
          out.add(
              client.get(
                  "/api/studies/" + study + "/trials/" + t.path("number").asInt() + "/artifacts"));
        }
      }
      return out;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the trials' files: trial, state, value, name, size, sha256.")
  static final class ListArtifacts implements Callable<Integer> {
    @Mixin Selection selection = new Selection();

    @Override
    public Integer call() {
      ArtifactText.table(selection.lists(selection.target.client())).forEach(System.out::println);
      return 0;
    }
  }

  @Command(
      name = "pull",
      mixinStandardHelpOptions = true,
      description =
          "Download the trials' files to DIR/<study>/<trial>/<name>, resuming partial files and"
              + " checking each sha256.")
  static final class Pull implements Callable<Integer> {
    @Mixin Selection selection = new Selection();

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = ".",
        description = "Where to write (default: the current folder).")
    Path out;

    @Override
    public Integer call() {
      OrchestratorClient client = selection.target.client();
      ArtifactPull pull = new ArtifactPull(client, out.toAbsolutePath().normalize(), System.out);
      ArtifactPull.Summary summary = pull.pull(selection.study, selection.lists(client));
      System.out.println(summary.describe(out));
      if (!summary.corrupt().isEmpty()) {
        throw new UserFacingException(
            "sha256 mismatch, deleted: "
                + String.join(", ", summary.corrupt().stream().map(Path::toString).toList())
                + " (the store's copy is damaged, or changed while it was read: pull again, or"
                + " check the store)");
      }
      return 0;
    }
  }
}
