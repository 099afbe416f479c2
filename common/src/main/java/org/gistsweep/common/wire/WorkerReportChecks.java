package org.gistsweep.common.wire;

import java.util.HashSet;
import java.util.Set;

/**
 * The checks a worker event must pass before any study sees it, needing nothing but the message
 * (the study checks the rest: the attempt, its token, its worker, the trial's epochs). A message
 * that fails one is never sent by an honest worker: the orchestrator dead-letters it with {@link
 * #problem}'s answer as the reason ({@link DeadLetterKind#INVALID}).
 *
 * <ul>
 *   <li>a {@link WorkerReport} (assignments and controls never travel on {@link Topics#EVENTS});
 *   <li>the worker id: at most {@value #MAX_ID_CHARS} characters, no control or format characters,
 *       never {@value #RESERVED_WORKER} (whatever the case), which names the orchestrator's own
 *       failures; the study id and the attempt token likewise bounded ({@value #MAX_ID_CHARS},
 *       {@value #MAX_TOKEN_CHARS} hex characters);
 *   <li>epoch metrics: {@code val_top1} in [0, 1]; the loss, both cross-entropies and both KL terms
 *       finite and at least {@code -}{@value #LOSS_TOLERANCE} (float rounding); {@code lr}, {@code
 *       epoch_seconds}, {@code images_per_second} finite and {@code >= 0}. A NaN is always invalid
 *       (a worker fails a diverged trial instead of reporting it);
 *   <li>a finish: {@code epochs_run >= 0}, {@code best_epoch} in 0..{@code epochs_run}, {@code
 *       best_value} and {@code last_value} in [0, 1] (NaN only when no epoch ran); at most {@value
 *       #MAX_ARTIFACTS} artifacts, each named once, none named {@code log} or {@code *.log} (the
 *       API names attempt logs so), each stored under its own attempt's key {@link
 *       ArtifactRef#keyOf} (so that no report can make the orchestrator serve or delete another
 *       trial's files); an {@code artifact_error} of at most {@value #MAX_MESSAGE_CHARS}
 *       characters;
 *   <li>parameter counts {@code >= 0} and the total at least the trainable ones (and the Gist
 *       ones);
 *   <li>a failure: an error type of at most {@value #MAX_TYPE_CHARS} characters and a message of at
 *       most {@value #MAX_MESSAGE_CHARS} (workers cut theirs with {@link #fitMessage}); a device
 *       name of at most {@value #MAX_TYPE_CHARS}.
 * </ul>
 */
public final class WorkerReportChecks {
  /** The worker id the orchestrator reports its own failures under (an expired lease). */
  public static final String RESERVED_WORKER = "orchestrator";

  public static final int MAX_ID_CHARS = 128;
  public static final int MAX_TOKEN_CHARS = 64;
  public static final int MAX_TYPE_CHARS = 64;
  public static final int MAX_MESSAGE_CHARS = 4096;
  public static final double LOSS_TOLERANCE = 1e-3;

  /** The most artifacts one {@link TrialFinished} may list. */
  public static final int MAX_ARTIFACTS = 16;

  private WorkerReportChecks() {}

  /** Why {@code m} is not a message an honest worker sends, or {@code null} when it may be. */
  public static String problem(WireMessage m) {
    String what = describe(m);
    String p = headerProblem(m);
    if (p == null && m instanceof WorkerReport r) {
      p = reportProblem(r);
    }
    return p == null ? null : what + ": " + p;
  }

  /** What is wrong with {@code id} as a worker id, or {@code null} when a worker may use it. */
  public static String workerIdProblem(String id) {
    String p = text("worker id", id, MAX_ID_CHARS, false);
    if (p == null && RESERVED_WORKER.equalsIgnoreCase(id.strip())) {
      p = "worker id '" + RESERVED_WORKER + "' is reserved for the orchestrator's own reports";
    }
    return p;
  }

  /**
   * {@code message} as a worker may send it: control characters other than newline and tab made
   * spaces, cut to {@value #MAX_MESSAGE_CHARS} characters.
   */
  public static String fitMessage(String message) {
    if (message == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_CHARS));
    message
        .codePoints()
        .forEach(c -> b.appendCodePoint(c != '\n' && c != '\t' && unprintable(c) ? ' ' : c));
    if (b.length() > MAX_MESSAGE_CHARS) {
      String cut = " [cut]";
      b.setLength(MAX_MESSAGE_CHARS - cut.length());
      if (Character.isHighSurrogate(b.charAt(b.length() - 1))) {
        b.setLength(b.length() - 1);
      }
      b.append(cut);
    }
    return b.toString();
  }

  private static String headerProblem(WireMessage m) {
    if (!(m instanceof WorkerReport r)) {
      return "not a worker event (only trial_started, epoch_metrics, heartbeat, trial_finished,"
          + " trial_failed and trial_suspended belong on "
          + Topics.EVENTS
          + ")";
    }
    String p = text("study id", m.study(), MAX_ID_CHARS, false);
    if (p == null) {
      p = workerIdProblem(r.worker());
    }
    if (p == null
        && r.attemptToken() != null
        && !r.attemptToken().matches("[0-9a-f]{1," + MAX_TOKEN_CHARS + "}")) {
      p = "attempt_token must be at most " + MAX_TOKEN_CHARS + " lowercase hex characters";
    }
    return p;
  }

  private static String reportProblem(WorkerReport r) {
    if (r instanceof TrialStarted s) {
      String p = counts(s.trainableParams(), s.totalParams());
      if (p == null && (s.gistParams() < 0 || s.gistParams() > s.totalParams())) {
        p =
            "gist_params "
                + s.gistParams()
                + " must be in 0..total_params ("
                + s.totalParams()
                + ")";
      }
      p = p != null ? p : text("device", s.device(), MAX_TYPE_CHARS, true);
      return p != null || s.resumeRefused() == null
          ? p
          : text("resume_refused", s.resumeRefused(), MAX_MESSAGE_CHARS, true);
    } else if (r instanceof EpochMetrics e) {
      return epochProblem(e);
    } else if (r instanceof TrialFinished f) {
      return finishProblem(f);
    } else if (r instanceof TrialFailed f) {
      String p = text("error_type", f.errorType(), MAX_TYPE_CHARS, false);
      return p != null ? p : text("message", f.message(), MAX_MESSAGE_CHARS, true);
    }
    return null;
  }

  private static String epochProblem(EpochMetrics e) {
    String p = unit("val_top1", e.valTop1());
    p = p != null ? p : loss("train_loss", e.trainLoss());
    p = p != null ? p : loss("ce_cls", e.ceCls());
    p = p != null ? p : loss("ce_gist", e.ceGist());
    p = p != null ? p : loss("kl_cls_gist", e.klClsGist());
    p = p != null ? p : loss("kl_gist_cls", e.klGistCls());
    p = p != null ? p : nonNegative("lr", e.lr());
    p = p != null ? p : nonNegative("epoch_seconds", e.epochSeconds());
    return p != null ? p : nonNegative("images_per_second", e.imagesPerSecond());
  }

  private static String finishProblem(TrialFinished f) {
    if (f.epochsRun() < 0) {
      return "epochs_run " + f.epochsRun() + " is negative";
    }
    if (f.bestEpoch() < 0 || f.bestEpoch() > f.epochsRun()) {
      return "best_epoch " + f.bestEpoch() + " must be in 0..epochs_run (" + f.epochsRun() + ")";
    }
    boolean noEpoch = f.epochsRun() == 0;
    String p = noEpoch && Double.isNaN(f.bestValue()) ? null : unit("best_value", f.bestValue());
    p =
        p != null || (noEpoch && Double.isNaN(f.lastValue()))
            ? p
            : unit("last_value", f.lastValue());
    p = p != null ? p : counts(f.trainableParams(), f.totalParams());
    p = p != null ? p : artifactsProblem(f);
    return p != null || f.artifactError() == null
        ? p
        : text("artifact_error", f.artifactError(), MAX_MESSAGE_CHARS, true);
  }

  private static String artifactsProblem(TrialFinished f) {
    if (f.artifacts().size() > MAX_ARTIFACTS) {
      return "lists " + f.artifacts().size() + " artifacts, more than " + MAX_ARTIFACTS;
    }
    Set<String> names = new HashSet<>();
    for (ArtifactRef a : f.artifacts()) {
      if (!names.add(a.name())) {
        return "artifact '" + a.name() + "' is listed twice";
      }
      if (a.name().equals("log") || a.name().endsWith(".log")) {
        return "artifact '" + a.name() + "': log and *.log name attempt logs, not stored files";
      }
      String expected = ArtifactRef.keyOf(f.study(), f.trial(), f.attempt(), a.name());
      if (!a.key().equals(expected)) {
        return "artifact '"
            + a.name()
            + "' must be stored under "
            + expected
            + ", its own attempt's key";
      }
    }
    return null;
  }

  private static String counts(long trainable, long total) {
    if (trainable < 0 || total < trainable) {
      return "trainable_params "
          + trainable
          + " and total_params "
          + total
          + " must satisfy 0 <= trainable <= total";
    }
    return null;
  }

  private static String unit(String field, double v) {
    return v >= 0 && v <= 1 ? null : field + " " + v + " is not in [0, 1]";
  }

  private static String loss(String field, double v) {
    return Double.isFinite(v) && v >= -LOSS_TOLERANCE
        ? null
        : field + " " + v + " is not a finite value >= 0";
  }

  private static String nonNegative(String field, double v) {
    return Double.isFinite(v) && v >= 0 ? null : field + " " + v + " is not a finite value >= 0";
  }

  private static String text(String field, String value, int max, boolean mayBeEmpty) {
    if (value == null || value.isEmpty()) {
      return mayBeEmpty ? null : field + " is empty";
    }
    if (value.length() > max) {
      return field + " is " + value.length() + " characters long, more than " + max;
    }
    boolean multiLine = field.equals("message");
    if (value
        .codePoints()
        .anyMatch(c -> unprintable(c) && !(multiLine && (c == '\n' || c == '\t')))) {
      return field + " holds control or format characters";
    }
    return null;
  }

  private static boolean unprintable(int c) {
    return Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
  }

  /**
   * {@code TrialFinished for study s-1 trial 3 attempt 2}, an overlong or unprintable study id left
   * out.
   */
  private static String describe(WireMessage m) {
    String type = m.getClass().getSimpleName();
    String study = m.study();
    if (study.length() > 48 || study.codePoints().anyMatch(WorkerReportChecks::unprintable)) {
      study = "(an overlong or unprintable study id)";
    }
    return type + " for study " + study + " trial " + m.trial() + " attempt " + m.attempt();
  }
}
