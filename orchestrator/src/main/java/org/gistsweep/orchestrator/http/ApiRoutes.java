package org.gistsweep.orchestrator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.orchestrator.ablation.AblationException;
import org.gistsweep.orchestrator.ablation.AblationFormat;
import org.gistsweep.orchestrator.ablation.AblationQuery;
import org.gistsweep.orchestrator.ablation.AblationTable;
import org.gistsweep.orchestrator.ablation.AblationWarmUp;
import org.gistsweep.orchestrator.ablation.StudyResults;
import org.gistsweep.orchestrator.ablation.TrialsCsv;
import org.gistsweep.orchestrator.importance.ImportanceCache;
import org.gistsweep.orchestrator.importance.ImportanceWarmUp;
import org.gistsweep.orchestrator.importance.ParameterImportance;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.StudySnapshot;

/**
 * The handlers of {@code /api/studies}: thin, they read snapshots and forward submissions. A body
 * with {@code directions} (or without training, budget and objective) creates an ask/tell study;
 * any other body is a worker sweep, refused with 409 on a server without workers.
 */
final class ApiRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NO_WORKERS =
      "this server runs without Kafka (gist-sweep serve), so no worker can train a sweep; it hosts"
          + " ask/tell studies only: POST a body with \"directions\" and \"space\", then ask and"
          + " tell. Sweeps trained by workers need `gist-sweep orchestrator --bootstrap HOST:PORT`"
          + " (or `serve --bootstrap HOST:PORT`)";

  /** Studies whose latest importance is kept; a few bytes each. */
  private static final int IMPORTANCE_STUDIES = 64;

  private final Vertx vertx;
  private final StudyService service;
  private final Duration keepAlive;
  private final AskTellRoutes askTell;
  private final boolean workerSweeps;
  private final StudyFeeds feeds;
  private final StudiesFeed studiesFeed;
  private final AtomicInteger sseClients;
  private final ImportanceCache importanceCache;

  ApiRoutes(
      Vertx vertx,
      StudyService service,
      Duration keepAlive,
      AskTellRoutes askTell,
      boolean workerSweeps,
      AtomicInteger sseClients,
      StudyFeeds feeds,
      StudiesFeed studiesFeed) {
    this.sseClients = sseClients;
    this.feeds = feeds;
    this.studiesFeed = studiesFeed;
    this.vertx = vertx;
    this.service = service;
    this.keepAlive = keepAlive;
    this.askTell = askTell;
    this.workerSweeps = workerSweeps;
    this.importanceCache =
        new ImportanceCache(
            IMPORTANCE_STUDIES,
            (space, trials) ->
                vertx
                    .executeBlocking(() -> ParameterImportance.compute(space, trials), false)
                    .toCompletionStage());
  }

  /**
   * Computes importance and an ablation table once for made-up studies, off the event loop, so that
   * the first real requests find their code compiled ({@link ImportanceWarmUp}, {@link
   * AblationWarmUp}).
   */
  void warmUp() {
    vertx.executeBlocking(
        () -> {
          ImportanceWarmUp.run();
          return AblationWarmUp.run();
        },
        false);
  }

  void list(RoutingContext ctx) {
    boolean archived = "true".equals(ctx.request().getParam("archived"));
    List<StudySnapshot> shown =
        service.studies().stream().filter(s -> s.archived() == archived).toList();
    JsonReplies.ok(ctx, 200, Map.of("studies", StudyJson.summaries(shown)));
  }

  /** Counters for monitoring: poison records, messages for unknown studies, fenced messages. */
  void metrics(RoutingContext ctx) {
    List<StudySnapshot> all = service.studies();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("studies", all.size());
    body.put("dead_lettered", service.deadLettered());
    body.put("unknown_study_messages", service.unknownStudyMessages());
    body.put("ignored_messages", all.stream().mapToLong(StudySnapshot::ignoredMessages).sum());
    JsonReplies.ok(ctx, 200, body);
  }

  void get(RoutingContext ctx) {
    study(ctx)
        .ifPresent(
            s -> {
              Map<String, Object> body = StudyJson.summary(s);
              body.putAll(SpecJson.details(s.spec()));
              JsonReplies.ok(ctx, 200, body);
            });
  }

  /**
   * The study with every trial: JSON by default, {@code ?format=csv} one line per trial ({@link
   * TrialsCsv}).
   */
  void trials(RoutingContext ctx) {
    study(ctx)
        .ifPresent(
            s -> {
              String format = ctx.request().getParam("format");
              if (format == null || format.isBlank() || format.equals("json")) {
                JsonReplies.send(ctx, 200, StudyJson.render(s).encode());
              } else if (format.equals("csv")) {
                JsonReplies.text(ctx, 200, AblationFormat.CSV.contentType(), TrialsCsv.render(s));
              } else {
                JsonReplies.error(
                    ctx, 400, "format must be json or csv, got '" + format + "'", "format");
              }
            });
  }

  /**
   * The ablation table ({@link AblationTable}) as {@code ?format=json|md|tex|csv|text}; a query
   * that does not fit the study answers 400 naming the field, with the study's {@code parameters}.
   */
  void ablation(RoutingContext ctx) {
    study(ctx)
        .ifPresent(
            s -> {
              Map<String, String> query = new LinkedHashMap<>();
              ctx.queryParams()
                  .names()
                  .forEach(name -> query.put(name, ctx.queryParams().get(name)));
              // a 10,000-trial study takes a few hundred milliseconds: not on the event loop
              vertx
                  .<Map.Entry<AblationFormat, String>>executeBlocking(
                      () -> {
                        String format = query.get("format");
                        AblationFormat as =
                            format == null || format.isBlank()
                                ? AblationFormat.JSON
                                : AblationFormat.parse(format.trim());
                        AblationTable table =
                            AblationTable.of(StudyResults.of(s), AblationQuery.parse(query));
                        String limit = query.get("limit");
                        return Map.entry(
                            as,
                            limit == null || limit.isBlank()
                                ? as.render(table)
                                : as.render(table, parseLimit(limit.trim())));
                      },
                      false)
                  .onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          JsonReplies.text(
                              ctx, 200, ar.result().getKey().contentType(), ar.result().getValue());
                        } else if (ar.cause() instanceof AblationException e) {
                          JsonReplies.error(
                              ctx,
                              400,
                              e.field() + ": " + e.getMessage(),
                              e.field(),
                              Map.of("parameters", StudyResults.of(s).parameters()));
                        } else {
                          JsonReplies.internal(ctx, "cannot build the ablation table", ar.cause());
                        }
                      });
            });
  }

  private static int parseLimit(String limit) {
    try {
      int n = Integer.parseInt(limit);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new AblationException(
        "limit", "must be a whole number of lines, at least 1; got '" + limit + "'");
  }

  /**
   * Which parameters matter: mean |SHAP| of a random forest over the finished trials, off the event
   * loop, computed once per study and set of usable trials ({@link ImportanceCache}).
   */
  void importance(RoutingContext ctx) {
    study(ctx)
        .ifPresent(
            s -> {
              // the completion runs back on this (event-loop) context
              Future.fromCompletionStage(
                      importanceCache.get(s.id(), s.spec().space(), s.trials()),
                      vertx.getOrCreateContext())
                  .onComplete(
                      ar -> {
                        if (ar.failed()) {
                          Throwable cause =
                              ar.cause() instanceof CompletionException
                                      && ar.cause().getCause() != null
                                  ? ar.cause().getCause()
                                  : ar.cause();
                          JsonReplies.internal(ctx, "cannot compute parameter importance", cause);
                          return;
                        }
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("study", s.id());
                        body.put("importance", ar.result().importance());
                        body.put("trials_used", ar.result().trialsUsed());
                        JsonReplies.ok(ctx, 200, body);
                      });
            });
  }

  /**
   * One study's event stream. {@code Last-Event-ID} (or the {@code last_event_id} query parameter,
   * for clients that reconnect by hand) resumes after that event; see {@link StudyFeed}.
   */
  void events(RoutingContext ctx) {
    Optional<StudySnapshot> s = study(ctx);
    if (s.isEmpty()) {
      return;
    }
    String header = ctx.request().getHeader("Last-Event-ID");
    Optional<EventId> lastSeen =
        EventId.parse(header != null ? header : ctx.request().getParam("last_event_id"));
    Context here = vertx.getOrCreateContext();
    SseStream stream = new SseStream(vertx, here, ctx.response(), keepAlive, sseClients);
    Future.fromCompletionStage(feeds.feed(s.get().id()), here)
        .onSuccess(
            feed -> {
              feed.attach(stream, lastSeen);
              stream.onClose(() -> feed.detach(stream));
            })
        .onFailure(
            e -> {
              stream.close();
              ctx.response().end();
            });
  }

  /** Every study's summary, live ({@link StudiesFeed}). */
  void allEvents(RoutingContext ctx) {
    studiesFeed.attach(
        new SseStream(vertx, vertx.getOrCreateContext(), ctx.response(), keepAlive, sseClients));
  }

  void submit(RoutingContext ctx) {
    SweepSpec spec;
    try {
      JsonNode root = body(ctx);
      if (AskTellSpecParser.isAskTell(root)) {
        askTell.create(ctx, root);
        return;
      }
      if (!workerSweeps) {
        JsonReplies.error(ctx, 409, NO_WORKERS, null);
        return;
      }
      spec = SweepSpecParser.parse(root, "study");
      Context here = vertx.getOrCreateContext();
      Future.fromCompletionStage(service.submit(spec), here)
          .onSuccess(
              id -> {
                ctx.response().putHeader("Location", "/api/studies/" + id);
                JsonReplies.ok(ctx, 201, Map.of("id", id));
              })
          .onFailure(
              e -> {
                Throwable cause =
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause
                    instanceof SpecException s) { // e.g. a conditional grid counted over the cap
                  JsonReplies.error(ctx, 400, s.withSource("request body").getMessage(), s.field());
                } else {
                  JsonReplies.internal(ctx, "cannot create the study", cause);
                }
              });
    } catch (SpecException e) {
      SpecException located = e.withSource("request body");
      JsonReplies.error(ctx, 400, located.getMessage(), e.field());
    }
  }

  /** The request body as JSON; a {@link SpecException} (field "") when empty or malformed. */
  static JsonNode body(RoutingContext ctx) {
    Buffer buffer = ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new SpecException(
          "", "the request body is empty; send the sweep spec as a JSON object");
    }
    try {
      return JSON.readTree(buffer.getBytes());
    } catch (JsonProcessingException e) {
      throw new SpecException("", "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new SpecException("", "cannot read the request body: " + e.getMessage());
    }
  }

  private Optional<StudySnapshot> study(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Optional<StudySnapshot> s = service.snapshot(id);
    if (s.isEmpty()) {
      JsonReplies.error(
          ctx, 404, "no study with id '" + id + "'; GET /api/studies lists them", null);
    }
    return s;
  }
}
