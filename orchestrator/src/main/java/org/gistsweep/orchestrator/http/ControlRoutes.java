package org.gistsweep.orchestrator.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import org.gistsweep.common.spec.EnqueuedParams;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.ControlConflict;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * The handlers that steer a study: pause, resume, stop, cancel, budget, enqueue, stop, suspend or
 * resume one trial, archive ({@code DELETE}) and restore. Bodies are validated here, every error
 * naming its field (400); a control that does not fit the study's state answers 409 with the
 * reason; a repeat of one that took effect answers 200 with {@code "changed": false}. The answer is
 * the study's summary plus {@code changed}.
 */
final class ControlRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> BUDGET_KEYS = Set.of("trials", "parallel");
  private static final Set<String> ENQUEUE_KEYS = Set.of("params");
  private static final Set<String> STOP_KEYS = Set.of("as");

  private final Vertx vertx;
  private final StudyService service;

  ControlRoutes(Vertx vertx, StudyService service) {
    this.vertx = vertx;
    this.service = service;
  }

  /**
   * A control without arguments (pause, resume, stop, cancel, archive, restore); any body is
   * ignored.
   */
  void plain(RoutingContext ctx, String control) {
    apply(ctx, control, Map.of());
  }

  /**
   * {@code DELETE /api/studies/{id}[?artifacts=true]}: archives the study; with {@code
   * artifacts=true} also deletes every artifact it has in the store (weights and logs) and answers
   * once that is done and journaled ({@code "artifacts_deleted": true}); 503 without a store or
   * when the store fails (the deletion is then tried again every 30 s and at restart).
   */
  void archive(RoutingContext ctx) {
    String flag = ctx.request().getParam("artifacts");
    if (flag != null && !flag.equals("true") && !flag.equals("false")) {
      JsonReplies.error(
          ctx, 400, "artifacts: must be true or false, got '" + flag + "'", "artifacts");
      return;
    }
    if (!"true".equals(flag)) {
      apply(ctx, "archive", Map.of());
      return;
    }
    if (service.artifactStore().isEmpty()) {
      JsonReplies.error(ctx, 503, ArtifactRoutes.NO_STORE, null);
      return;
    }
    String id = ctx.pathParam("id");
    String call = ctx.request().method() + " " + ctx.request().path() + "?artifacts=true";
    Future.fromCompletionStage(
            service.control(id, "archive", call, Map.of("artifacts", true)),
            vertx.getOrCreateContext())
        .compose(
            r ->
                Future.fromCompletionStage(
                        service.studyArtifactsDeleted(id), vertx.getOrCreateContext())
                    .map(v -> r)
                    .recover(e -> Future.failedFuture(new ArtifactsNotDeleted(id, e))))
        .onSuccess(
            r -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("changed", r.changed());
              body.put("artifacts_deleted", true);
              body.putAll(StudyJson.summary(r.study()));
              JsonReplies.ok(ctx, 200, body);
            })
        .onFailure(
            e -> {
              if (e instanceof ArtifactsNotDeleted a) {
                JsonReplies.error(ctx, 503, a.getMessage(), null);
              } else {
                fail(ctx, e);
              }
            });
  }

  /** The study is archived, but the store did not delete its artifacts (yet). */
  private static final class ArtifactsNotDeleted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ArtifactsNotDeleted(String id, Throwable cause) {
      super(
          "study "
              + id
              + " is archived, but deleting its artifacts failed: "
              + unwrap(cause).getMessage()
              + "; the orchestrator tries again every 30 s and at restart (repeat the DELETE to"
              + " wait for it)",
          cause);
    }
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** {@code POST .../budget {"trials": N, "parallel": P}} (either or both). */
  void budget(RoutingContext ctx) {
    try {
      JsonNode body = object(ctx, "{\"trials\": 50}");
      onlyKeys(body, BUDGET_KEYS);
      Map<String, Object> args = new LinkedHashMap<>();
      for (String key : new String[] {"trials", "parallel"}) {
        JsonNode v = body.get(key);
        if (v != null) {
          if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new SpecException(key, "must be a whole number >= 1, got " + v);
          }
          args.put(key, v.asInt());
        }
      }
      if (args.isEmpty()) {
        throw new SpecException(
            "trials", "is missing; send {\"trials\": N} and/or {\"parallel\": P}");
      }
      apply(ctx, "budget", args);
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  /** {@code POST .../enqueue {"params": {...}}}: checked against the study's space. */
  void enqueue(RoutingContext ctx) {
    try {
      StudySnapshot study = study(ctx);
      JsonNode body = object(ctx, "{\"params\": {\"lr\": 0.001}}");
      onlyKeys(body, ENQUEUE_KEYS);
      JsonNode params = body.get("params");
      if (params == null || !params.isObject()) {
        throw new SpecException(
            "params", "must be an object of parameter values, e.g. {\"params\": {\"lr\": 0.001}}");
      }
      Map<String, Object> raw =
          JSON.convertValue(params, new TypeReference<LinkedHashMap<String, Object>>() {});
      apply(
          ctx,
          "enqueue",
          Map.of("params", EnqueuedParams.check(study.spec().space(), raw, "params")));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  /**
   * {@code POST .../trials/{n}/suspend} and {@code .../resume} ({@code suspend_trial}, {@code
   * resume_trial}): no body; any body is ignored.
   */
  void trialControl(RoutingContext ctx, String control) {
    try {
      apply(ctx, control, Map.of("trial", trialNumber(ctx)));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private static int trialNumber(RoutingContext ctx) {
    try {
      return Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      throw new SpecException(
          "trial", "'" + ctx.pathParam("n") + "' in the path is not a trial number");
    }
  }

  /** {@code POST .../trials/{n}/stop {"as": "pruned" | "cancelled"}} (pruned when left out). */
  void stopTrial(RoutingContext ctx) {
    try {
      int trial = trialNumber(ctx);
      String as = "pruned";
      if (ctx.body().buffer() != null && ctx.body().buffer().length() > 0) {
        JsonNode body = object(ctx, "{\"as\": \"cancelled\"}");
        onlyKeys(body, STOP_KEYS);
        JsonNode v = body.get("as");
        if (v != null) {
          as = v.asText();
          if (!as.equals("pruned") && !as.equals("cancelled")) {
            throw new SpecException("as", "must be pruned or cancelled, got " + v);
          }
        }
      }
      Map<String, Object> args = new LinkedHashMap<>();
      args.put("trial", trial);
      args.put("as", as);
      apply(ctx, "stop_trial", args);
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private void apply(RoutingContext ctx, String control, Map<String, Object> args) {
    String call = ctx.request().method() + " " + ctx.request().path();
    Future.fromCompletionStage(
            service.control(ctx.pathParam("id"), control, call, args), vertx.getOrCreateContext())
        .onSuccess(
            r -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("changed", r.changed());
              body.putAll(StudyJson.summary(r.study()));
              JsonReplies.ok(ctx, 200, body);
            })
        .onFailure(e -> fail(ctx, e));
  }

  private StudySnapshot study(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return service
        .snapshot(id)
        .orElseThrow(
            () ->
                new NoSuchElementException(
                    "no study with id '" + id + "'; GET /api/studies lists them"));
  }

  private static JsonNode object(RoutingContext ctx, String example) {
    JsonNode body = ApiRoutes.body(ctx);
    if (!body.isObject()) {
      throw new SpecException("", "the request body must be a JSON object, e.g. " + example);
    }
    return body;
  }

  private static void onlyKeys(JsonNode body, Set<String> allowed) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new SpecException(
            key, "unknown key; allowed keys here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof ControlConflict c) {
      JsonReplies.error(ctx, 409, c.getMessage(), c.field());
    } else if (cause instanceof NoSuchElementException) {
      JsonReplies.error(ctx, 404, cause.getMessage(), null);
    } else if (cause instanceof SpecException s) {
      JsonReplies.error(ctx, 400, s.getMessage(), s.field());
    } else if (cause instanceof IllegalArgumentException) {
      JsonReplies.error(ctx, 400, cause.getMessage(), null);
    } else {
      JsonReplies.internal(ctx, "internal error", cause);
    }
  }
}
