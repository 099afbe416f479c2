package org.gistsweep.orchestrator.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.gistsweep.orchestrator.metrics.OrchestratorMetrics;
import org.gistsweep.orchestrator.service.StudyService;

/**
 * The HTTP API and the console:
 *
 * <pre>
 * GET  /                              the console: every study, live ({@link ConsolePage})
 * GET  /studies/{id}[/{view}]         the console's views of one study; /studies/{id}/trials/{n} one trial
 * GET  /console/..., /vendor/...      its scripts and styles, and ECharts from the webjar
 * GET  /leaderboard                   302 to the console (the former plain leaderboard page)
 * GET  /controls.js, /access.js       the study controls; what every page needs to call the API (XSRF header, sign-in)
 * GET  /api/studies                   {"studies": [summary, ...]}, newest first
 * GET  /api/events                    text/event-stream: studies, then a study event per change
 * POST /api/studies                   sweep spec JSON -> 201 {"id": ...} | 400 {"error", "field"}
 *                                     or ask/tell {"directions", "space", "sampler", "pruner"}
 * POST /api/studies/{id}/ask          ask/tell: {"trial": n, "params": {...}}
 * POST /api/studies/{id}/trials/{n}/report  {"step", "value" | "values"} -> {"decision": ...}
 * POST /api/studies/{id}/tell         {"trial", "values" | "state"} -> the trial JSON
 * GET  /api/studies/{id}              summary + objective, budget, training, space
 * GET  /api/studies/{id}/trials       the study JSON ({@link StudyJson#render}); ?format=csv one line per trial
 * GET  /api/studies/{id}/ablation     the ablation table: ?by=&over=&rows=&levels=&value=&avg=&format=json|md|tex|csv|text
 * GET  /api/studies/{id}/events       text/event-stream: snapshot, then trial and study events, with
 *                                     ids; Last-Event-ID resumes after one ({@link StudyFeed})
 * GET  /api/studies/{id}/importance   {"study", "importance", "trials_used"}
 * GET  /api/studies/{id}/trials/{n}/artifacts         the trial's files in the artifact store ({@link ArtifactRoutes})
 * GET  /api/studies/{id}/trials/{n}/artifacts/{name}  one file's bytes: ETag, Range, If-None-Match
 * GET  /api/metrics                   JSON counters (studies, dead letters, ignored messages)
 * GET  /metrics                       Prometheus text exposition ({@link OrchestratorMetrics})
 * GET  /health/live, /health/ready    200, or 503 while not ready ({@link HealthRoutes})
 * GET  /api/openapi.json, /api/docs   the OpenAPI 3.1 contract and Swagger UI ({@link ApiDocs})
 * GET  /api/access                    {"token_required", "read_token_required", "authenticated"}; sets the XSRF cookie
 * POST /api/session                   {"token": ...} -> a session cookie for the console; DELETE ends it
 * POST /api/studies/{id}/pause|resume|stop|cancel|restore     steer the study ({@link ControlRoutes})
 * POST /api/studies/{id}/budget       {"trials": N, "parallel": P}
 * POST /api/studies/{id}/enqueue      {"params": {...}}
 * POST /api/studies/{id}/trials/{n}/stop  {"as": "pruned" | "cancelled"}
 * POST /api/studies/{id}/trials/{n}/suspend                (no body)
 * POST /api/studies/{id}/trials/{n}/resume                 (no body)
 * DELETE /api/studies/{id}            archive (hidden from lists; GET /api/studies?archived=true lists them);
 *                                     ?artifacts=true also deletes its artifacts from the store
 * </pre>
 *
 * <p>The resource {@code openapi.json} describes every route added here; {@code OpenApiRoutesTest}
 * fails when a route is missing from it or it names one that is not served.
 *
 * <p>Every request passes, in this order: {@link HostGuard} (the Host allow-list, 403), {@link
 * CrossOrigin} (CORS for {@code --allowed-origin}s only), {@link ChangeGuard} (calls that change
 * state need {@code Content-Type: application/json}, 415, and their own or an allowed origin, 403),
 * {@link AccessGuard} (with an {@link ApiToken} every call but GET needs {@code Authorization:
 * Bearer <token>} or a console session, 401; browsers send the {@link XsrfToken} header, 403; with
 * {@code --read-token} reads of data need the token too). Without a token the API must bind a
 * loopback address ({@link BindPolicy}). Bodies are read only after these checks, and never into
 * files ({@link #jsonBody}). Every response says {@code X-Content-Type-Options: nosniff}, so JSON
 * that carries user strings is never sniffed as HTML. A failed bind fails the deployment with a
 * message naming host and port.
 */
public final class HttpVerticle extends VerticleBase {
  private static final long MAX_BODY = 1 << 20;

  private final StudyService service;
  private final HttpOptions options;
  private final OrchestratorMetrics metrics;
  private final boolean ownsMetrics;
  private final AtomicInteger sseClients = new AtomicInteger();
  private volatile int actualPort = -1;
  private Router router;

  /**
   * Serves as {@code options} say; {@code /metrics} serves {@code metrics}, which should {@link
   * OrchestratorMetrics#watch} the service.
   */
  public HttpVerticle(StudyService service, HttpOptions options, OrchestratorMetrics metrics) {
    this(service, options, metrics, false);
  }

  /**
   * Serves as {@code options} say, with a registry of its own for {@code /metrics} (closed on
   * undeploy).
   */
  public HttpVerticle(StudyService service, HttpOptions options) {
    this(service, options, watching(service), true);
  }

  private HttpVerticle(
      StudyService service, HttpOptions options, OrchestratorMetrics metrics, boolean ownsMetrics) {
    this.service = service;
    this.options = options;
    this.metrics = metrics;
    this.ownsMetrics = ownsMetrics;
  }

  @Override
  public Future<?> stop() {
    if (ownsMetrics) {
      metrics.close();
    }
    return Future.succeededFuture();
  }

  private static OrchestratorMetrics watching(StudyService service) {
    OrchestratorMetrics m = OrchestratorMetrics.create();
    m.watch(service);
    return m;
  }

  /**
   * Serves without a token, accepting worker sweeps.
   *
   * @param host interface to bind; must be loopback (see {@link BindPolicy})
   * @param port port to bind; 0 picks a free one (see {@link #actualPort()})
   * @param keepAlive interval of SSE keep-alive comments
   */
  public HttpVerticle(StudyService service, String host, int port, Duration keepAlive) {
    this(service, HttpOptions.open(host, port, keepAlive));
  }

  /** The bound port once deployed, else -1. */
  public int actualPort() {
    return actualPort;
  }

  /** The router once started (tests enumerate its routes). */
  Router router() {
    return router;
  }

  /**
   * The only way this verticle reads bodies: into memory, at most {@code MAX_BODY} bytes, never
   * into files (Vert.x creates its uploads directory as soon as a handler with uploads on is
   * built).
   */
  private static BodyHandler jsonBody() {
    return BodyHandler.create(false).setBodyLimit(MAX_BODY);
  }

  /** Prometheus text off the event loop: a scrape walks every meter. */
  private void scrape(RoutingContext ctx) {
    vertx
        .executeBlocking(metrics::scrape, false)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                JsonReplies.internal(ctx, "cannot collect the metrics", ar.cause());
              } else {
                ctx.response()
                    .putHeader("Content-Type", OrchestratorMetrics.CONTENT_TYPE)
                    .end(ar.result());
              }
            });
  }

  @Override
  public Future<?> start() {
    PageScripts page;
    ConsolePage console;
    ApiDocs docs;
    try {
      page = PageScripts.load();
      console = ConsolePage.load();
      docs = ApiDocs.load();
    } catch (IOException e) {
      return Future.failedFuture(
          new IllegalStateException(
              "cannot load the web pages or the API docs: " + e.getMessage(), e));
    }
    // event ids of this run never match an earlier run's: a reconnect after a restart gets a
    // snapshot
    String stream = Long.toString(System.currentTimeMillis(), 36);
    StudiesFeed studiesFeed = new StudiesFeed(service, stream);
    service.addListener(studiesFeed);
    AskTellRoutes askTell = new AskTellRoutes(vertx, service);
    ApiRoutes api =
        new ApiRoutes(
            vertx,
            service,
            options.keepAlive(),
            askTell,
            options.workerSweeps(),
            sseClients,
            new StudyFeeds(service, stream, StudyFeeds.RING_EVENTS, StudyFeeds.RING_CHARS),
            studiesFeed);
    HealthRoutes health =
        new HealthRoutes(
            service, options.workerSweeps() ? "broker" : "journal_store", () -> actualPort > 0);
    metrics.gauge(
        "gist.sse.clients",
        "Connected Server-Sent Events clients (leaderboards and watchers)",
        sseClients,
        AtomicInteger::get);
    Router router = Router.router(vertx);
    this.router = router;
    router
        .route()
        .handler(
            ctx -> {
              ctx.response().putHeader("X-Content-Type-Options", "nosniff");
              ctx.next();
            });
    WebAccess access = options.access();
    OriginPolicy origins = new OriginPolicy(access.allowedOrigins());
    SecureRandom random = new SecureRandom();
    XsrfToken xsrf = XsrfToken.random(random);
    Optional<SessionCookie> sessions =
        options.token().map(t -> new SessionCookie(random, t, Clock.systemUTC()));
    AccessGuard guard = new AccessGuard(options.token(), access.readToken(), xsrf, sessions);
    router.route().handler(new HostGuard(new HostAllowList(access.allowedHosts())));
    router.route().handler(new CrossOrigin(origins, !access.allowedOrigins().isEmpty()));
    router.route().handler(new ChangeGuard(origins));
    router.route().handler(guard);
    router.route().handler(xsrf::setCookieOnPages);
    page.addTo(router);
    console.onFirstPage(api::warmUp);
    console.addTo(router);
    docs.addTo(router);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(this::scrape);
    router.get("/api/studies").handler(api::list);
    router.get("/api/events").handler(api::allEvents);
    router.get("/api/metrics").handler(api::metrics);
    router.post("/api/studies").handler(jsonBody()).handler(api::submit);
    router.post("/api/studies/:id/ask").handler(askTell::ask);
    router.post("/api/studies/:id/trials/:n/report").handler(jsonBody()).handler(askTell::report);
    router.post("/api/studies/:id/tell").handler(jsonBody()).handler(askTell::tell);
    router.get("/api/studies/:id").handler(api::get);
    router.get("/api/studies/:id/trials").handler(api::trials);
    router.get("/api/studies/:id/importance").handler(api::importance);
    router.get("/api/studies/:id/ablation").handler(api::ablation);
    router.get("/api/studies/:id/events").handler(api::events);
    ArtifactRoutes artifacts = new ArtifactRoutes(vertx, service);
    router.get("/api/studies/:id/trials/:n/artifacts").handler(artifacts::list);
    router.get("/api/studies/:id/trials/:n/artifacts/:name").handler(artifacts::download);
    ControlRoutes controls = new ControlRoutes(vertx, service);
    SessionRoutes session =
        new SessionRoutes(options.token(), access.readToken(), guard, xsrf, sessions);
    router.get("/api/access").handler(session::access);
    router.post("/api/session").handler(jsonBody()).handler(session::open);
    router.delete("/api/session").handler(session::close);
    for (String plain : new String[] {"pause", "resume", "stop", "cancel", "restore"}) {
      router
          .post("/api/studies/:id/" + plain)
          .handler(jsonBody())
          .handler(ctx -> controls.plain(ctx, plain));
    }
    router.delete("/api/studies/:id").handler(controls::archive);
    router.post("/api/studies/:id/budget").handler(jsonBody()).handler(controls::budget);
    router.post("/api/studies/:id/enqueue").handler(jsonBody()).handler(controls::enqueue);
    router.post("/api/studies/:id/trials/:n/stop").handler(jsonBody()).handler(controls::stopTrial);
    router
        .post("/api/studies/:id/trials/:n/suspend")
        .handler(jsonBody())
        .handler(ctx -> controls.trialControl(ctx, "suspend_trial"));
    router
        .post("/api/studies/:id/trials/:n/resume")
        .handler(jsonBody())
        .handler(ctx -> controls.trialControl(ctx, "resume_trial"));
    router.errorHandler(
        404,
        ctx ->
            JsonReplies.error(
                ctx, 404, "no route " + ctx.request().method() + " " + ctx.request().path(), null));
    router.errorHandler(
        405,
        ctx ->
            JsonReplies.error(
                ctx,
                405,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path(),
                null));
    router.errorHandler(500, ctx -> JsonReplies.internal(ctx, "internal error", ctx.failure()));
    String host = options.host();
    int port = options.port();
    return vertx
        .createHttpServer()
        .requestHandler(new MalformedHost(router))
        .listen(port, host)
        .recover(
            e ->
                Future.failedFuture(
                    new IllegalStateException(
                        "cannot serve HTTP on "
                            + host
                            + ":"
                            + port
                            + ": "
                            + e.getMessage()
                            + "; is the port in use? pick another with --port (0 = any free port)",
                        e)))
        .map(HttpServer::actualPort)
        .onSuccess(p -> actualPort = p);
  }
}
