package org.gistsweep.orchestrator.http;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.common.wire.ResumePoint;
import org.gistsweep.orchestrator.study.AttemptRecord;
import org.gistsweep.orchestrator.study.ControlRecord;
import org.gistsweep.orchestrator.study.EpochRecord;
import org.gistsweep.orchestrator.study.ResumeNote;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialArtifact;
import org.gistsweep.orchestrator.study.TrialError;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * The JSON form of studies and trials, shared by the HTTP API, the SSE stream and the CLI's {@code
 * study.json}. Field names are snake_case; trial states are upper-case ({@code COMPLETE}); times
 * are ISO-8601; unknown values and non-finite numbers are {@code null}. A trial carries its {@code
 * intermediate_values} (the first objective by epoch or ask/tell step, keys as strings) and its
 * {@code attempts} (worker, {@code started_at}, {@code ended_at}, {@code outcome}, {@code reason}),
 * its {@code artifacts} ({@link #artifact}) and {@code artifact_error} (why its worker could not
 * store its weights, else {@code null}). Resuming (issue 19): each attempt's {@code resumed_from}
 * ({@code {attempt, epoch}} of the checkpoint it was issued with, else {@code null}) and {@code
 * resume_refused}; the trial's {@code checkpoint} (where its next attempt resumes), {@code
 * suspend_reason} ({@code suspend} or {@code rung} while SUSPENDED), {@code suspend_requested} and
 * {@code resume_note} (a line for people, see {@link ResumeNote}).
 */
public final class StudyJson {
  private StudyJson() {}

  /**
   * The whole study with every trial: the body of {@code /trials} and the {@code snapshot} SSE
   * event ({@code .encode()}), and the CLI's study.json ({@code .encodePrettily()}).
   */
  public static JsonObject render(StudySnapshot study) {
    return new JsonObject(study(study));
  }

  /** Encodes a tree of maps, lists and scalars as one line of JSON. */
  public static String encode(Object tree) {
    return Json.encode(tree);
  }

  /** The whole study: the summary plus {@code recent_ignored} and {@code trials}. */
  public static Map<String, Object> study(StudySnapshot s) {
    Map<String, Object> m = summary(s);
    m.put("recent_ignored", s.recentIgnored());
    m.put("trials", s.trials().stream().map(StudyJson::trial).toList());
    return m;
  }

  /**
   * A study without its trials: identity, objective(s), budget, sampler, pruner, counts, best (by
   * the first objective), the Pareto front and the compute pruning saved ({@code
   * pruned_epochs_saved}).
   */
  public static Map<String, Object> summary(StudySnapshot s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("name", s.name());
    m.put("direction", s.direction().wireName());
    m.put("metric", s.metric());
    m.put("directions", s.directions().stream().map(d -> d.wireName()).toList());
    m.put("metrics", s.spec().objectives().stream().map(o -> o.metric()).toList());
    m.put("state", s.state());
    m.put("best_trial", s.bestTrial());
    m.put("best_value", finite(s.bestValue()));
    m.put("pareto_front", s.paretoFront());
    m.put("pruner", s.spec().pruner().type());
    m.put("pruner_mode", s.spec().pruner().mode());
    m.put("pruned_epochs_saved", s.prunedEpochsSaved());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (TrialState state : TrialState.values()) {
      counts.put(state.name(), s.counts().getOrDefault(state, 0));
    }
    m.put("counts", counts);
    m.put("max_trials", s.maxTrials());
    m.put("sampler", Map.of("type", s.sampler().type(), "seed", s.sampler().seed()));
    m.put("budget", SpecJson.budget(s.budget()));
    m.put("ignored_messages", s.ignoredMessages());
    m.put("created_at", time(s.createdAt()));
    m.put("finished_at", time(s.finishedAt()));
    m.put("archived", s.archived());
    m.put("enqueued", s.enqueued());
    m.put("controls", s.controls().stream().map(StudyJson::control).toList());
    return m;
  }

  /** One trial. */
  public static Map<String, Object> trial(TrialSnapshot t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", t.number());
    m.put("state", t.state().name());
    m.put("params", t.params());
    m.put("value", finite(t.value()));
    m.put(
        "values",
        t.values().isEmpty() ? null : t.values().stream().map(StudyJson::finite).toList());
    m.put("best_epoch", t.bestEpoch());
    m.put("last_value", finite(t.lastValue()));
    m.put("current_epoch", t.currentEpoch());
    m.put("total_epochs", t.totalEpochs());
    m.put("trainable_params", t.trainableParams());
    m.put("total_params", t.totalParams());
    m.put("gist_params", t.gistParams());
    m.put("worker", t.worker());
    m.put("attempt", t.attempt());
    m.put("error", error(t.error()));
    m.put("created_at", time(t.createdAt()));
    m.put("started_at", time(t.startedAt()));
    m.put("finished_at", time(t.finishedAt()));
    m.put("epochs", t.epochs().stream().map(StudyJson::epoch).toList());
    Map<String, Object> intermediate = new LinkedHashMap<>();
    t.intermediateValues().forEach((step, v) -> intermediate.put(String.valueOf(step), finite(v)));
    m.put("intermediate_values", intermediate);
    m.put("attempts", t.attempts().stream().map(StudyJson::attempt).toList());
    m.put("artifacts", t.artifacts().stream().map(StudyJson::artifact).toList());
    m.put("artifact_error", t.artifactError());
    m.put("suspend_reason", t.suspendReason());
    m.put("suspend_requested", t.suspendRequested());
    m.put("checkpoint", checkpoint(t.checkpoints().latest()));
    m.put("resume_note", ResumeNote.of(t.attempts()));
    return m;
  }

  /**
   * The checkpoint a trial's next attempt resumes from: {@code epoch}, {@code attempt}, {@code
   * key}; or {@code null}.
   */
  private static Map<String, Object> checkpoint(ResumePoint p) {
    if (p == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", p.epoch());
    m.put("attempt", p.attempt());
    m.put("key", p.key());
    return m;
  }

  /**
   * One file of a trial in the artifact store: {@code name} (what {@code GET
   * .../trials/{n}/artifacts/{name}} serves), {@code size} and {@code sha256} as the worker
   * recorded them ({@code null} for a log: the artifacts route gives its size, its download's ETag
   * its hash), {@code attempt}, {@code epoch} (whose weights; {@code null} for a log), {@code kind}
   * ({@code weights}, {@code sidecar}, {@code log}), {@code deleted} and {@code deleted_reason}
   * ({@code retention}, {@code study_deleted} or {@code null}).
   */
  public static Map<String, Object> artifact(TrialArtifact a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("size", a.size());
    m.put("sha256", a.sha256());
    m.put("attempt", a.attempt());
    m.put("epoch", a.epoch());
    m.put("kind", a.kind().wireName());
    m.put("deleted", a.deleted());
    m.put("deleted_reason", a.deletedReason());
    return m;
  }

  /** One attempt of a trial: worker, start, end, outcome and the reason it failed or expired. */
  public static Map<String, Object> attempt(AttemptRecord a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", a.attempt());
    m.put("worker", a.worker());
    m.put("started_at", time(a.startedAt()));
    m.put("ended_at", time(a.endedAt()));
    m.put("outcome", a.outcome());
    m.put("reason", a.reason());
    Map<String, Object> from = null;
    if (a.resumedFrom() != null) {
      from = new LinkedHashMap<>();
      from.put("attempt", a.resumedFrom().attempt());
      from.put("epoch", a.resumedFrom().epoch());
    }
    m.put("resumed_from", from);
    m.put("resume_refused", a.resumeRefused());
    return m;
  }

  /** One control applied to a study: when, by which call, with which arguments. */
  public static Map<String, Object> control(ControlRecord c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", time(c.at()));
    m.put("control", c.control());
    m.put("call", c.call());
    m.put("args", c.args());
    return m;
  }

  /** One epoch's metrics. */
  public static Map<String, Object> epoch(EpochRecord e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", e.epoch());
    m.put("train_loss", finite(e.trainLoss()));
    m.put("ce_cls", finite(e.ceCls()));
    m.put("ce_gist", finite(e.ceGist()));
    m.put("kl_cls_gist", finite(e.klClsGist()));
    m.put("kl_gist_cls", finite(e.klGistCls()));
    m.put("val_top1", finite(e.valTop1()));
    m.put("lr", finite(e.lr()));
    m.put("epoch_seconds", finite(e.epochSeconds()));
    m.put("images_per_second", finite(e.imagesPerSecond()));
    return m;
  }

  private static Map<String, Object> error(TrialError e) {
    if (e == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type());
    m.put("message", e.message());
    m.put("retriable", e.retriable());
    return m;
  }

  private static Double finite(Double d) {
    return d == null || !Double.isFinite(d) ? null : d;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  static List<Map<String, Object>> summaries(List<StudySnapshot> studies) {
    return studies.stream().map(StudyJson::summary).toList();
  }
}
