package org.gistsweep.orchestrator.http;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactContent;
import org.gistsweep.artifacts.ArtifactInfo;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.AttemptLogReader;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialArtifact;
import org.gistsweep.orchestrator.study.TrialSnapshot;

/**
 * {@code GET /api/studies/{id}/trials/{n}/artifacts[/{name}]}: a trial's files in the artifact
 * store, listed from the journal (logs' sizes from the store), and their bytes streamed from the
 * store off the event loop. A download carries {@code ETag: "<sha256>"}, {@code Content-Length} and
 * {@code Accept-Ranges: bytes}; {@code Range} answers 206 (416 when it selects no byte), {@code
 * If-None-Match} 304, {@code If-Range} with another tag the whole file. Weights and sidecars are
 * the bytes the worker recorded: a whole download is checked against the recorded sha256 while it
 * streams, and the connection is cut before the last bytes when they do not match, so a corrupt
 * file never arrives complete; a ranged download cannot be checked here, so clients check the
 * assembled file against the sha256 the list gives ({@code gist-sweep artifacts pull} does). A log
 * is the concatenation of its chunks as they are now; its ETag is the hash of those bytes. Without
 * an artifact store both answer 503 saying how to configure one.
 */
final class ArtifactRoutes {
  static final String NO_STORE =
      "this orchestrator has no artifact store, so it cannot list or serve trial files: start it"
          + " with --artifacts URI naming the store its workers write to (file:///dir or"
          + " s3://bucket/prefix; `gist-sweep orchestrator`, `run` and `quickstart` default to"
          + " file://$GIST_SWEEP_HOME/artifacts)";
  private static final int THREADS = 8;

  private final StudyService service;
  private final WorkerExecutor pool;

  ArtifactRoutes(Vertx vertx, StudyService service) {
    this.service = service;
    // a download holds a thread for as long as the client reads: no blocked-thread warnings before
    // 10 minutes
    this.pool =
        vertx.createSharedWorkerExecutor("gist-artifact-downloads", THREADS, 10, TimeUnit.MINUTES);
  }

  /** The URL path of a trial's artifact list. */
  static String listUrl(String study, int trial) {
    return "/api/studies/" + study + "/trials/" + trial + "/artifacts";
  }

  /** The URL path of a trial's artifact. */
  static String url(String study, int trial, String name) {
    return listUrl(study, trial) + "/" + name;
  }

  void list(RoutingContext ctx) {
    Target t = target(ctx);
    if (t == null) {
      return;
    }
    List<TrialArtifact> logs =
        t.trial.artifacts().stream()
            .filter(a -> a.kind() == TrialArtifact.Kind.LOG && !a.deleted())
            .toList();
    pool.<Map<String, Long>>executeBlocking(
            () -> {
              Map<String, Long> sizes = new LinkedHashMap<>();
              for (TrialArtifact log : logs) {
                sizes.put(
                    log.name(),
                    AttemptLogReader.chunks(t.store, log.key()).stream()
                        .mapToLong(ArtifactInfo::size)
                        .sum());
              }
              return sizes;
            },
            false)
        .onComplete(
            ar -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("study", t.study.id());
              body.put("trial", t.trial.number());
              body.put("state", t.trial.state().name());
              body.put(
                  "value",
                  t.trial.value() == null || !Double.isFinite(t.trial.value())
                      ? null
                      : t.trial.value());
              body.put("store", t.store.uri().toString());
              body.put("artifact_error", t.trial.artifactError());
              body.put("store_error", ar.failed() ? ar.cause().getMessage() : null);
              List<Map<String, Object>> files = new ArrayList<>();
              for (TrialArtifact a : t.trial.artifacts()) {
                Map<String, Object> m = StudyJson.artifact(a);
                if (a.kind() == TrialArtifact.Kind.LOG && ar.succeeded()) {
                  m.put("size", ar.result().get(a.name()));
                }
                m.put("url", url(t.study.id(), t.trial.number(), a.name()));
                files.add(m);
              }
              body.put("artifacts", files);
              JsonReplies.ok(ctx, 200, body);
            });
  }

  void download(RoutingContext ctx) {
    Target t = target(ctx);
    if (t == null) {
      return;
    }
    String name = ctx.pathParam("name");
    Optional<TrialArtifact> found = t.trial.artifact(name);
    if (found.isEmpty()) {
      JsonReplies.error(
          ctx,
          404,
          "trial "
              + t.trial.number()
              + " of study "
              + t.study.id()
              + " has no artifact '"
              + name
              + "'; GET "
              + listUrl(t.study.id(), t.trial.number())
              + " lists them",
          null);
      return;
    }
    TrialArtifact a = found.get();
    if (a.deleted()) {
      JsonReplies.error(ctx, 410, deletedReason(t.study, t.trial, a), null);
      return;
    }
    HttpServerResponse response = ctx.response();
    response
        .putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", "no-cache")
        .putHeader(
            "Content-Disposition",
            "attachment; filename=\""
                + t.study.id()
                + "-"
                + t.trial.number()
                + "-"
                + a.name()
                + "\"");
    if (a.kind() == TrialArtifact.Kind.LOG) {
      pool.executeBlocking(() -> AttemptLogReader.read(t.store, a.key()).content(), false)
          .onComplete(
              ar -> {
                if (ar.failed()) {
                  storeFailed(ctx, t, a, ar.cause());
                } else {
                  ArtifactBytes.sendBytes(ctx, ar.result(), "text/plain; charset=utf-8");
                }
              });
      return;
    }
    ArtifactBytes.Request request = ArtifactBytes.request(ctx, a.sha256(), a.size());
    if (request == null) {
      return; // answered: 304 or 416
    }
    String type =
        a.kind() == TrialArtifact.Kind.SIDECAR ? "application/json" : "application/octet-stream";
    pool.executeBlocking(() -> t.store.open(a.key(), request.range()), false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                storeFailed(ctx, t, a, ar.cause());
                return;
              }
              ArtifactContent content = ar.result();
              if (!ArtifactBytes.start(ctx, content, type)) {
                content.close();
                return;
              }
              pool.executeBlocking(
                  () -> {
                    ArtifactBytes.pump(response, content);
                    return null;
                  },
                  false);
            });
  }

  /** Why a deleted artifact is gone, for the 410 answer. */
  static String deletedReason(StudySnapshot study, TrialSnapshot trial, TrialArtifact a) {
    String what = a.name() + " of trial " + trial.number() + " of study " + study.id();
    if (TrialArtifact.STUDY_DELETED.equals(a.deletedReason())) {
      return what
          + " was deleted with the study (DELETE /api/studies/"
          + study.id()
          + "?artifacts=true)";
    }
    int k = study.spec().retain().best();
    String kept =
        k == 0
            ? "no trial's weights are kept (retain: {best: 0})"
            : study.spec().isMultiObjective()
                ? "only the weights of the Pareto front's complete trials are kept (retain: {best: "
                    + k
                    + "})"
                : "only the weights of the best "
                    + k
                    + " complete trial(s) are kept (retain: {best: "
                    + k
                    + "})";
    return what
        + " was deleted by retention: "
        + kept
        + ", and trial "
        + trial.number()
        + " is not one of them"
        + "; its log is kept (attempt-"
        + trial.attempt()
        + ".log)";
  }

  private static void storeFailed(RoutingContext ctx, Target t, TrialArtifact a, Throwable cause) {
    if (cause instanceof ArtifactStoreException e) {
      switch (e.reason()) {
        case NOT_FOUND ->
            JsonReplies.error(
                ctx,
                404,
                "the artifact store "
                    + t.store.uri()
                    + " has no object '"
                    + a.key()
                    + "' ("
                    + a.name()
                    + " of trial "
                    + t.trial.number()
                    + "): it was removed outside GIST Sweep, or the orchestrator and its"
                    + " workers use different stores (check --artifacts on both)",
                null);
        case RANGE_NOT_SATISFIABLE -> {
          ctx.response()
              .putHeader("Content-Range", RangeHeader.unsatisfied(a.size() == null ? 0 : a.size()));
          JsonReplies.error(ctx, 416, e.getMessage(), null);
        }
        default ->
            JsonReplies.error(
                ctx,
                e.retriable() ? 503 : 502,
                "cannot read "
                    + a.name()
                    + " of trial "
                    + t.trial.number()
                    + " from the artifact store: "
                    + e.getMessage(),
                null);
      }
      return;
    }
    JsonReplies.internal(ctx, "cannot read " + a.name() + " of trial " + t.trial.number(), cause);
  }

  /**
   * The study, trial and store a request names; {@code null} when it was answered with an error.
   */
  private Target target(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<StudySnapshot> study = service.snapshot(id);
    if (study.isEmpty()) {
      JsonReplies.error(
          ctx, 404, "no study with id '" + id + "'; GET /api/studies lists them", null);
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      JsonReplies.error(
          ctx,
          400,
          "trial: '" + ctx.pathParam("n") + "' in the path is not a trial number",
          "trial");
      return null;
    }
    if (n < 0 || n >= study.get().trials().size()) {
      JsonReplies.error(
          ctx,
          404,
          "study " + id + " has no trial " + n + "; GET /api/studies/" + id + "/trials lists them",
          null);
      return null;
    }
    Optional<ArtifactStore> store = service.artifactStore();
    if (store.isEmpty()) {
      JsonReplies.error(ctx, 503, NO_STORE, null);
      return null;
    }
    return new Target(study.get(), study.get().trials().get(n), store.get());
  }

  private record Target(StudySnapshot study, TrialSnapshot trial, ArtifactStore store) {}
}
