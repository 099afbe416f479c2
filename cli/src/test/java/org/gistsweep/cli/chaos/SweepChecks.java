package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.JournalEntry;

/**
 * The end-state properties a sweep must have whatever happened to it, checked on the study as the
 * HTTP API serves it ({@code /api/studies/{id}/trials}) against the events the workers put on the
 * wire.
 */
final class SweepChecks {
  private SweepChecks() {}

  /**
   * Every trial the budget allows exists once and is terminal, the study says it is complete, and
   * no trial changed after it was first seen terminal.
   */
  static void everyTrialTerminalOnce(JsonNode study, TerminalWatch watch) {
    List<JsonNode> trials = trials(study);
    assertThat(study.path("state").asText()).as("study state").isEqualTo("complete");
    assertThat(trials.stream().map(t -> t.path("number").asInt()).toList())
        .as("trial numbers")
        .doesNotHaveDuplicates()
        .hasSize(study.path("max_trials").asInt());
    assertThat(trials)
        .as("every trial is terminal")
        .allSatisfy(
            t ->
                assertThat(t.path("state").asText())
                    .as("trial %s", t.path("number"))
                    .isIn(TerminalWatch.TERMINAL));
    assertThat(watch.violations()).as("trials that changed after they were terminal").isEmpty();
    assertThat(watch.terminal().keySet())
        .as("trials the watch saw terminal")
        .hasSize(trials.size());
  }

  /**
   * No trial has two COMPLETE results: each COMPLETE trial's result is the one its final attempt
   * reported (a {@code trial_finished complete} of that attempt is on the wire, and the value is
   * the best val_top1 of that attempt's epochs), never a duplicate's, a stale attempt's or a
   * forgery's.
   */
  static void noTrialCompletedTwice(JsonNode study, List<WireMessage> wire) {
    for (JsonNode t : complete(study)) {
      int n = t.path("number").asInt();
      int attempt = t.path("attempt").asInt();
      List<TrialFinished> finished =
          wire.stream()
              .filter(
                  m ->
                      m instanceof TrialFinished f
                          && f.trial() == n
                          && f.attempt() == attempt
                          && TrialFinished.COMPLETE.equals(f.outcome()))
              .map(TrialFinished.class::cast)
              .toList();
      assertThat(finished)
          .as("trial_finished(complete) of trial %d attempt %d on the wire", n, attempt)
          .isNotEmpty();
      double best = epochValues(t).stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      assertThat(t.path("value").asDouble())
          .as("value of trial %d (best val_top1 of its epochs)", n)
          .isEqualTo(best);
    }
  }

  /**
   * Each COMPLETE trial carries every epoch 1..total_epochs exactly once, each with a val_top1 that
   * the attempt which trained it put on the wire for that epoch: the final attempt, or for the
   * epochs up to the checkpoint it resumed from, the attempt that stored it (and so on down the
   * chain of resumes); never a lost attempt's epoch after its checkpoint.
   */
  static void finalAttemptsHaveEveryEpoch(JsonNode study, List<WireMessage> wire) {
    for (JsonNode t : complete(study)) {
      int n = t.path("number").asInt();
      int total = t.path("total_epochs").asInt();
      List<Integer> numbers = new ArrayList<>();
      for (JsonNode e : t.path("epochs")) {
        int epoch = e.path("epoch").asInt();
        int attempt = trainedBy(t, epoch);
        numbers.add(epoch);
        Set<Double> reported = new HashSet<>();
        wire.stream()
            .filter(
                m ->
                    m instanceof EpochMetrics em
                        && em.trial() == n
                        && em.attempt() == attempt
                        && em.epoch() == epoch)
            .forEach(m -> reported.add(((EpochMetrics) m).valTop1()));
        assertThat(reported)
            .as("val_top1 of trial %d attempt %d epoch %d on the wire", n, attempt, epoch)
            .contains(e.path("val_top1").asDouble());
      }
      assertThat(total).as("total epochs of trial %d", n).isPositive();
      assertThat(numbers)
          .as("epochs of trial %d", n)
          .containsExactlyElementsOf(IntStream.rangeClosed(1, total).boxed().toList());
    }
  }

  /**
   * The orchestrator did each thing once, across its restart: its journal created every trial once,
   * and {@code gist.trials} holds each attempt 1..final of every trial exactly once (committed
   * records only), the last being the attempt the study reports.
   */
  static void eachTrialCreatedAndEachAttemptIssuedOnce(
      JsonNode study, List<TrialAssignment> issued, List<JournalEntry> journal) {
    for (JsonNode t : trials(study)) {
      int n = t.path("number").asInt();
      assertThat(
              journal.stream()
                  .filter(e -> e instanceof JournalEntry.TrialCreated c && c.trial() == n)
                  .count())
          .as("trial_created entries of trial %d in the journal", n)
          .isEqualTo(1);
      List<Integer> attempts =
          issued.stream().filter(a -> a.trial() == n).map(TrialAssignment::attempt).toList();
      assertThat(attempts)
          .as("attempts of trial %d issued on gist.trials", n)
          .containsExactlyElementsOf(
              IntStream.rangeClosed(1, t.path("attempt").asInt()).boxed().toList());
    }
  }

  /** The study's best value and trial are the best (maximum) of its COMPLETE trials. */
  static void bestIsBestOfComplete(JsonNode study) {
    List<JsonNode> complete = complete(study);
    assertThat(complete).as("COMPLETE trials").isNotEmpty();
    double best =
        complete.stream().mapToDouble(t -> t.path("value").asDouble()).max().orElseThrow();
    assertThat(study.path("best_value").asDouble()).as("best_value").isEqualTo(best);
    int bestTrial = study.path("best_trial").asInt();
    JsonNode chosen =
        trials(study).stream()
            .filter(t -> t.path("number").asInt() == bestTrial)
            .findFirst()
            .orElseThrow();
    assertThat(chosen.path("state").asText())
        .as("state of best trial %d", bestTrial)
        .isEqualTo("COMPLETE");
    assertThat(chosen.path("value").asDouble())
        .as("value of best trial %d", bestTrial)
        .isEqualTo(best);
  }

  private static List<Double> epochValues(JsonNode trial) {
    List<Double> v = new ArrayList<>();
    trial.path("epochs").forEach(e -> v.add(e.path("val_top1").asDouble()));
    return v;
  }

  static List<JsonNode> trials(JsonNode study) {
    List<JsonNode> out = new ArrayList<>();
    study.path("trials").forEach(out::add);
    return out;
  }

  /**
   * The attempt of trial {@code t} that trained {@code epoch}: its final attempt, unless that
   * resumed from a checkpoint holding the epoch (then the attempt that stored it, recursively).
   */
  static int trainedBy(JsonNode t, int epoch) {
    int attempt = t.path("attempt").asInt();
    while (true) {
      JsonNode a = attemptRecord(t, attempt);
      JsonNode from = a == null ? null : a.path("resumed_from");
      boolean refused =
          a != null
              && !a.path("resume_refused").isNull()
              && !a.path("resume_refused").isMissingNode();
      if (from == null
          || from.isNull()
          || from.isMissingNode()
          || refused
          || epoch > from.path("epoch").asInt()) {
        return attempt;
      }
      attempt = from.path("attempt").asInt();
    }
  }

  /**
   * The first epoch {@code attempt} of trial {@code t} trained: 1, or the one after the checkpoint
   * it resumed from.
   */
  static int firstEpochOf(JsonNode t, int attempt) {
    JsonNode a = attemptRecord(t, attempt);
    JsonNode from = a == null ? null : a.path("resumed_from");
    boolean refused =
        a != null
            && !a.path("resume_refused").isNull()
            && !a.path("resume_refused").isMissingNode();
    return from == null || from.isNull() || from.isMissingNode() || refused
        ? 1
        : from.path("epoch").asInt() + 1;
  }

  private static JsonNode attemptRecord(JsonNode t, int attempt) {
    for (JsonNode a : t.path("attempts")) {
      if (a.path("attempt").asInt() == attempt) {
        return a;
      }
    }
    return null;
  }

  private static List<JsonNode> complete(JsonNode study) {
    return trials(study).stream().filter(t -> "COMPLETE".equals(t.path("state").asText())).toList();
  }
}
