package org.gistsweep.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * The ask/tell handlers: create a study, ask for a trial, report an intermediate value, tell a
 * result. Bodies are validated here and every error names its field: 400 {@code {"error",
 * "field"}}; unknown study or trial 404; a report on a finished trial or a worker study 409.
 */
final class AskTellRoutes {
  private static final Set<String> REPORT_KEYS = Set.of("step", "value", "values");
  private static final Set<String> TELL_KEYS = Set.of("trial", "state", "value", "values");

  private final Vertx vertx;
  private final StudyService service;

  AskTellRoutes(Vertx vertx, StudyService service) {
    this.vertx = vertx;
    this.service = service;
  }

  /** {@code POST /api/studies} with an ask/tell body (see {@link AskTellSpecParser}). */
  void create(RoutingContext ctx, JsonNode body) {
    reply(
        ctx,
        service.createAskTell(AskTellSpecParser.parse(body)),
        id -> {
          ctx.response().putHeader("Location", "/api/studies/" + id);
          JsonReplies.ok(ctx, 201, Map.of("id", id));
        });
  }

  void ask(RoutingContext ctx) {
    reply(
        ctx,
        service.ask(ctx.pathParam("id")),
        t -> JsonReplies.ok(ctx, 200, Map.of("trial", t.number(), "params", t.params())));
  }

  void report(RoutingContext ctx) {
    try {
      StudySnapshot study = study(ctx);
      int trial = pathInt(ctx, "n");
      JsonNode body = ApiRoutes.body(ctx);
      onlyKeys(body, REPORT_KEYS);
      JsonNode step = body.get("step");
      if (step == null || !step.canConvertToInt() || !step.isIntegralNumber() || step.asInt() < 0) {
        throw new SpecException(
            "step", "must be a whole number >= 0, e.g. {\"step\": 3, \"value\": 0.71}");
      }
      List<Double> values = values(body, study.directions().size(), true);
      reply(
          ctx,
          service.report(study.id(), trial, step.asInt(), values),
          d -> JsonReplies.ok(ctx, 200, Map.of("decision", d.wireName())));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  void tell(RoutingContext ctx) {
    try {
      StudySnapshot study = study(ctx);
      JsonNode body = ApiRoutes.body(ctx);
      onlyKeys(body, TELL_KEYS);
      JsonNode trial = body.get("trial");
      if (trial == null || !trial.isIntegralNumber() || !trial.canConvertToInt()) {
        throw new SpecException(
            "trial",
            "must be the trial number that ask returned, e.g. {\"trial\": 0, \"values\": [0.83]}");
      }
      TrialState state = state(body.get("state"));
      List<Double> values = values(body, study.directions().size(), state == TrialState.COMPLETE);
      reply(
          ctx,
          service.tell(study.id(), trial.asInt(), state, values),
          t -> JsonReplies.ok(ctx, 200, StudyJson.trial(t)));
    } catch (RuntimeException e) {
      fail(ctx, e);
    }
  }

  private StudySnapshot study(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    return service
        .snapshot(id)
        .orElseThrow(() -> new NoSuchElementException("no study with id '" + id + "'"));
  }

  /** Rejects a key outside {@code allowed}, so a misspelt one ("valuez") is named, not ignored. */
  private static void onlyKeys(JsonNode body, Set<String> allowed) {
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw new SpecException(
            key, "unknown key; allowed keys here: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static int pathInt(RoutingContext ctx, String name) {
    try {
      return Integer.parseInt(ctx.pathParam(name));
    } catch (NumberFormatException e) {
      throw new SpecException(
          "trial", "'" + ctx.pathParam(name) + "' in the path is not a trial number");
    }
  }

  private static TrialState state(JsonNode node) {
    if (node == null || node.isNull()) {
      return TrialState.COMPLETE;
    }
    String s = node.asText().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "complete" -> TrialState.COMPLETE;
      case "pruned" -> TrialState.PRUNED;
      case "failed", "fail" -> TrialState.FAILED;
      default ->
          throw new SpecException(
              "state", "'" + node.asText() + "' is not complete, pruned or failed");
    };
  }

  /** Reads {@code value} (one objective) or {@code values} (a list, one per direction). */
  private static List<Double> values(JsonNode body, int expected, boolean required) {
    JsonNode one = body.get("value");
    JsonNode many = body.get("values");
    if (one != null && many != null) {
      throw new SpecException("values", "give value or values, not both");
    }
    if (one == null && many == null) {
      if (required) {
        throw new SpecException(
            "values", "is missing; send " + expected + " number(s), e.g. \"values\": [0.83]");
      }
      return List.of();
    }
    List<Double> out = new ArrayList<>();
    String field = one != null ? "value" : "values";
    if (one != null) {
      out.add(number(one, "value"));
    } else if (!many.isArray()) {
      throw new SpecException("values", "must be a list of numbers, e.g. [0.83]");
    } else {
      for (int i = 0; i < many.size(); i++) {
        out.add(number(many.get(i), "values[" + i + "]"));
      }
    }
    if (out.size() != expected) {
      throw new SpecException(
          field,
          "the study has "
              + expected
              + " direction(s); send exactly "
              + expected
              + " value(s), got "
              + out.size());
    }
    return out;
  }

  private static double number(JsonNode node, String field) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isTextual() && node.asText().equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    throw new SpecException(field, "must be a number, got " + node);
  }

  /** Answers {@code onSuccess} on this context, or maps the failure to 404/409/400/500. */
  private <T> void reply(RoutingContext ctx, CompletableFuture<T> result, Consumer<T> onSuccess) {
    Future.fromCompletionStage(result, vertx.getOrCreateContext())
        .onSuccess(onSuccess::accept)
        .onFailure(e -> fail(ctx, e));
  }

  static void fail(RoutingContext ctx, Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof NoSuchElementException) {
      JsonReplies.error(ctx, 404, cause.getMessage(), null);
    } else if (cause instanceof SpecException s) {
      JsonReplies.error(ctx, 400, s.getMessage(), s.field());
    } else if (cause instanceof IllegalArgumentException) {
      JsonReplies.error(ctx, 400, cause.getMessage(), "values");
    } else if (cause instanceof IllegalStateException) {
      JsonReplies.error(ctx, 409, cause.getMessage(), null);
    } else {
      JsonReplies.internal(ctx, "internal error", cause);
    }
  }
}
