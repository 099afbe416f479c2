package org.gistsweep.orchestrator;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.orchestrator.http.HttpOptions;
import org.gistsweep.orchestrator.http.HttpVerticle;
import org.gistsweep.orchestrator.kafka.KafkaSetupException;
import org.gistsweep.orchestrator.metrics.OrchestratorMetrics;
import org.gistsweep.orchestrator.service.StudyListener;
import org.gistsweep.orchestrator.service.StudyService;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator as one object: Kafka topology and clients, the study owner, the HTTP API and the
 * leaderboard. Start it, {@link #submit} sweeps, watch them through observers, the HTTP API or
 * {@link #completion}, then {@link #close()} it.
 */
public final class Orchestrator implements AutoCloseable {
  /** Key in {@link OrchestratorOptions#kafkaOverrides()}: replication factor of created topics. */
  public static final String REPLICATION_FACTOR = "gist.topic.replication.factor";

  /**
   * Key in {@link OrchestratorOptions#kafkaOverrides()}: the journal's transactional id. One
   * orchestrator per id: a newly started one fences off the previous one.
   */
  public static final String TRANSACTIONAL_ID = "gist.journal.transactional.id";

  private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final EventPorts ports;
  private final StudyService service;
  private final OrchestratorMetrics metrics;
  private final String host;
  private final int port;
  private final List<StudyObserver> observers = new CopyOnWriteArrayList<>();
  private final Map<String, CompletableFuture<StudySnapshot>> completions =
      new ConcurrentHashMap<>();
  private final ExecutorService observerThread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "gist-study-observers");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean closed = new AtomicBoolean();

  private Orchestrator(
      Vertx vertx,
      EventPorts ports,
      StudyService service,
      OrchestratorMetrics metrics,
      String host,
      int port) {
    this.vertx = vertx;
    this.ports = ports;
    this.service = service;
    this.metrics = metrics;
    this.host = host;
    this.port = port;
  }

  /**
   * Starts everything and returns once topics exist, the journal is replayed (every study of an
   * earlier run is back and goes on), the consumer loop runs and HTTP is bound.
   *
   * @throws OrchestratorStartException saying what failed (unreachable broker, port in use, ...)
   */
  public static Orchestrator start(OrchestratorOptions options) {
    EventPorts ports;
    try {
      ports =
          options.bootstrap() == null
              ? new NoTransportPorts()
              : KafkaPorts.connect(options.bootstrap(), options.kafkaOverrides());
    } catch (KafkaSetupException e) {
      throw new OrchestratorStartException(e.getMessage(), e);
    }
    return start(options, ports);
  }

  /** Starts on the given transport (tests use in-memory ports); closes {@code ports} on failure. */
  static Orchestrator start(OrchestratorOptions options, EventPorts ports) {
    OrchestratorMetrics metrics = OrchestratorMetrics.create();
    // Vert.x's own meters (HTTP server requests, connections, pools) go to the same registry
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
            .build();
    try {
      StudyService service = new StudyService(vertx, ports.log(), options.clock());
      service.checkPathsAgainst(options.workerRoots());
      service.setLimits(options.limits());
      options.artifacts().ifPresent(service::setArtifactStore);
      metrics.watch(service);
      if (ports.carriesTrials()) {
        metrics.gauge(
            "gist.events.consumer.lag",
            "Worker events on gist.events not yet consumed by the orchestrator",
            ports::eventsLag);
      }
      await(service.recover(), "replay the study journal");
      HttpVerticle http =
          new HttpVerticle(
              service,
              new HttpOptions(
                  options.httpHost(),
                  options.httpPort(),
                  Duration.ofSeconds(15),
                  options.apiToken(),
                  ports.carriesTrials(),
                  options.webAccess()),
              metrics);
      await(
          vertx.deployVerticle(http).toCompletionStage().toCompletableFuture(),
          "deploy the HTTP API");
      Orchestrator o =
          new Orchestrator(vertx, ports, service, metrics, options.httpHost(), http.actualPort());
      service.addListener(o.relay());
      service.setDeadLetterCount(ports::deadLettered);
      service.setDeadLetterCounts(ports::deadLettered);
      ports.startEvents(service::apply);
      service.startLeaseChecks(options.workerLease());
      LOG.info(
          "orchestrator ready at {} ({}; {})",
          o.url(),
          options.bootstrap() == null ? "no Kafka: ask/tell only" : "Kafka " + options.bootstrap(),
          options.artifacts().map(a -> "artifacts " + a.uri()).orElse("no artifact store"));
      return o;
    } catch (RuntimeException e) {
      ports.close();
      vertx.close();
      metrics.close();
      throw e instanceof OrchestratorStartException s
          ? s
          : new OrchestratorStartException(e.getMessage(), e);
    }
  }

  /**
   * Creates a study from {@code spec} and starts dispatching its trials.
   *
   * @return the study id, {@code <name>-<suffix>}
   * @throws SpecException when the sampler cannot search the space (e.g. a grid float without step)
   * @throws IllegalStateException when this orchestrator runs without Kafka (no worker can train)
   */
  public String submit(SweepSpec spec) {
    if (!ports.carriesTrials()) {
      throw new IllegalStateException(NoTransportPorts.NO_WORKERS);
    }
    return await(service.submit(spec), "create study " + spec.name());
  }

  /** Adds an observer of every study (see {@link StudyObserver} for threading). */
  public void addObserver(StudyObserver observer) {
    observers.add(observer);
  }

  /** Completes with the final snapshot when the study finishes; fails for an unknown id. */
  public CompletableFuture<StudySnapshot> completion(String studyId) {
    Optional<StudySnapshot> now = service.snapshot(studyId);
    if (now.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("unknown study " + studyId));
    }
    if (now.get().isFinished()) {
      return CompletableFuture.completedFuture(now.get());
    }
    return completions.computeIfAbsent(studyId, k -> new CompletableFuture<>());
  }

  /**
   * Completes with the final snapshot when the study finishes and the retention pass its end
   * started is done, so that what it says about artifacts is what the store holds (the snapshot
   * {@code study.json} is written from); fails for an unknown id.
   */
  public CompletableFuture<StudySnapshot> settled(String studyId) {
    return completion(studyId).thenCompose(done -> service.artifactsSettled(studyId));
  }

  /** The latest snapshot of a study. */
  public Optional<StudySnapshot> snapshot(String studyId) {
    return service.snapshot(studyId);
  }

  /**
   * The registry behind {@code GET /metrics}, for components in the same process (local workers).
   */
  public MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return port;
  }

  /** The leaderboard's address, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port + "/";
  }

  /** Stops the consumer thread, the producer, HTTP and Vert.x; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ports.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    observerThread.shutdown();
    metrics.close();
  }

  /** Moves study events from the owner's context to the observer thread. */
  private StudyListener relay() {
    return new StudyListener() {
      @Override
      public void onTrialUpdated(String studyId, TrialSnapshot trial) {
        notifyObservers(o -> o.onTrialUpdated(studyId, trial));
      }

      @Override
      public void onStudyFinished(StudySnapshot study) {
        notifyObservers(o -> o.onStudyFinished(study));
        observerThread.execute(
            () ->
                completions
                    .computeIfAbsent(study.id(), k -> new CompletableFuture<>())
                    .complete(study));
      }
    };
  }

  private void notifyObservers(Consumer<StudyObserver> call) {
    observerThread.execute(
        () -> {
          for (StudyObserver o : observers) {
            try {
              call.accept(o);
            } catch (RuntimeException e) {
              LOG.error("study observer {} failed: {}", o, e.toString(), e);
            }
          }
        });
  }

  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot " + what + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " within " + WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }
}
