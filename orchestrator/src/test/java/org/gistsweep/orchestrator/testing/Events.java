package org.gistsweep.orchestrator.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialFailed;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.TrialStarted;
import org.gistsweep.common.wire.TrialSuspended;

/**
 * Worker events for tests, with plausible numbers. Each carries the attempt token of the latest
 * assignment of its (study, trial, attempt) that a {@link FakePublisher} published (none when no
 * such assignment was seen, as for a study built without the service).
 */
public final class Events {
  /** The worker that started each (study, trial, attempt): its later reports come from it too. */
  private static final Map<String, String> STARTED_BY = new ConcurrentHashMap<>();

  /** The token of each (study, trial, attempt) published. */
  private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

  private Events() {}

  /** Notes the token of a published assignment, for the events of its attempt. */
  public static void issued(TrialAssignment a) {
    String key = a.study() + "/" + a.trial() + "/" + a.attempt();
    if (a.attemptToken() == null) {
      TOKENS.remove(key);
    } else {
      TOKENS.put(key, a.attemptToken());
    }
  }

  /** The token of the latest published assignment of this attempt, or {@code null}. */
  public static String token(String study, int trial, int attempt) {
    return TOKENS.get(study + "/" + trial + "/" + attempt);
  }

  private static String worker(String study, int trial, int attempt) {
    return STARTED_BY.getOrDefault(study + "/" + trial + "/" + attempt, "w1");
  }

  public static TrialStarted started(String study, int trial, int attempt, String worker) {
    STARTED_BY.put(study + "/" + trial + "/" + attempt, worker);
    return new TrialStarted(
        1,
        study,
        trial,
        attempt,
        1L,
        worker,
        1_000L,
        5_000_000L,
        192L,
        "cpu()",
        token(study, trial, attempt));
  }

  public static EpochMetrics epoch(
      String study, int trial, int attempt, int epoch, double valTop1) {
    return epoch(study, trial, attempt, epoch, valTop1, 1.0 / epoch);
  }

  public static EpochMetrics epoch(
      String study, int trial, int attempt, int epoch, double valTop1, double trainLoss) {
    return new EpochMetrics(
        1,
        study,
        trial,
        attempt,
        2L,
        worker(study, trial, attempt),
        epoch,
        trainLoss,
        0.5,
        0.4,
        0.1,
        0.1,
        valTop1,
        1e-3,
        2.5,
        150.0,
        token(study, trial, attempt));
  }

  public static Heartbeat heartbeat(String study, int trial, int attempt) {
    return new Heartbeat(
        1, study, trial, attempt, 3L, worker(study, trial, attempt), token(study, trial, attempt));
  }

  public static TrialFinished finished(
      String study, int trial, int attempt, double best, int epochs) {
    return new TrialFinished(
        1,
        study,
        trial,
        attempt,
        4L,
        worker(study, trial, attempt),
        TrialFinished.COMPLETE,
        best,
        epochs,
        best,
        epochs,
        1_000L,
        5_000_000L,
        token(study, trial, attempt));
  }

  /**
   * A COMPLETE finish that lists the files its worker stored ({@code refs}) or why it could not
   * ({@code error}).
   */
  public static TrialFinished finishedWith(
      String study,
      int trial,
      int attempt,
      double best,
      int epochs,
      List<ArtifactRef> refs,
      String error) {
    return new TrialFinished(
        1,
        study,
        trial,
        attempt,
        4L,
        worker(study, trial, attempt),
        TrialFinished.COMPLETE,
        best,
        epochs,
        best,
        epochs,
        1_000L,
        5_000_000L,
        token(study, trial, attempt),
        refs,
        error);
  }

  /**
   * The refs of a best.safetensors and best.json with these sizes and hashes, under the attempt's
   * keys.
   */
  public static List<ArtifactRef> bestRefs(
      String study,
      int trial,
      int attempt,
      long weightsSize,
      String weightsSha,
      long sidecarSize,
      String sidecarSha) {
    return List.of(
        new ArtifactRef(
            "best.safetensors",
            ArtifactRef.keyOf(study, trial, attempt, "best.safetensors"),
            weightsSize,
            weightsSha),
        new ArtifactRef(
            "best.json",
            ArtifactRef.keyOf(study, trial, attempt, "best.json"),
            sidecarSize,
            sidecarSha));
  }

  public static TrialFinished pruned(
      String study, int trial, int attempt, double best, int epochs) {
    return new TrialFinished(
        1,
        study,
        trial,
        attempt,
        4L,
        worker(study, trial, attempt),
        TrialFinished.PRUNED,
        best,
        epochs,
        best,
        epochs,
        1_000L,
        5_000_000L,
        token(study, trial, attempt));
  }

  public static TrialFailed failed(String study, int trial, int attempt, boolean retriable) {
    return new TrialFailed(
        1,
        study,
        trial,
        attempt,
        5L,
        worker(study, trial, attempt),
        retriable ? "worker_lost" : "diverged",
        "boom",
        retriable,
        token(study, trial, attempt));
  }

  /** The key and ref of the checkpoint an attempt stores after {@code epoch}. */
  public static ArtifactRef checkpoint(String study, int trial, int attempt, int epoch) {
    String name = ArtifactRef.checkpointName(epoch);
    return new ArtifactRef(
        name,
        ArtifactRef.keyOf(study, trial, attempt, name),
        1_000L + epoch,
        "%064x".formatted(1_000L * trial + 10L * attempt + epoch));
  }

  /** An epoch report that names the checkpoint its worker stored after it. */
  public static EpochMetrics epochWithCheckpoint(
      String study, int trial, int attempt, int epoch, double valTop1) {
    return new EpochMetrics(
        1,
        study,
        trial,
        attempt,
        2L,
        worker(study, trial, attempt),
        epoch,
        1.0 / epoch,
        0.5,
        0.4,
        0.1,
        0.1,
        valTop1,
        1e-3,
        2.5,
        150.0,
        token(study, trial, attempt),
        checkpoint(study, trial, attempt, epoch));
  }

  /**
   * A start that loaded the assignment's checkpoint of {@code fromEpoch} (0: from scratch) or
   * refused it ({@code refused}).
   */
  public static TrialStarted startedResuming(
      String study, int trial, int attempt, String worker, int fromEpoch, String refused) {
    STARTED_BY.put(study + "/" + trial + "/" + attempt, worker);
    return new TrialStarted(
        1,
        study,
        trial,
        attempt,
        1L,
        worker,
        1_000L,
        5_000_000L,
        192L,
        "cpu()",
        token(study, trial, attempt),
        fromEpoch,
        refused);
  }

  /**
   * The attempt handed the trial back after {@code epoch} ({@code reason}: suspend or rung) with
   * that epoch's checkpoint.
   */
  public static TrialSuspended suspended(
      String study, int trial, int attempt, int epoch, String reason) {
    return new TrialSuspended(
        1,
        study,
        trial,
        attempt,
        6L,
        worker(study, trial, attempt),
        epoch,
        checkpoint(study, trial, attempt, epoch),
        reason,
        token(study, trial, attempt));
  }
}
