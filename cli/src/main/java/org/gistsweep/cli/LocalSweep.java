package org.gistsweep.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import org.gistsweep.cli.broker.BrokerOptions;
import org.gistsweep.cli.broker.EmbeddedKafkaBroker;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.spec.WorkerRoots;
import org.gistsweep.orchestrator.Orchestrator;
import org.gistsweep.orchestrator.OrchestratorOptions;
import org.gistsweep.orchestrator.http.StudyJson;
import org.gistsweep.orchestrator.http.WebAccess;
import org.gistsweep.orchestrator.service.StudyLimits;
import org.gistsweep.orchestrator.study.StudySnapshot;
import org.gistsweep.worker.metrics.MicrometerWorkerMetrics;
import org.gistsweep.worker.runtime.WorkerNode;
import org.gistsweep.worker.runtime.WorkerOptions;
import org.gistsweep.worker.train.GistTrainers;
import org.gistsweep.worker.train.TrainerEnvironment;
import org.gistsweep.worker.train.TrialTrainer;

/**
 * Everything in one JVM: a Kafka broker (embedded unless a bootstrap is given), the orchestrator
 * and N local workers. Used by {@code quickstart}, {@code run} and the end-to-end tests.
 */
public final class LocalSweep implements AutoCloseable {
  /**
   * @param workers local workers to start
   * @param httpPort the leaderboard's port; when taken and {@code fallbackPort}, any free port
   * @param dataRoot the workers' default data folder (always a data root)
   * @param cacheDir where built-in weights are extracted (always a weights root)
   * @param out where progress and the leaderboard are printed
   * @param moreDataRoots further folders trials may read data under
   * @param weightsRoots folders trials may read backbone files under
   * @param artifacts the artifact store (its URI or absolute path) the workers write weights and
   *     logs to
   * @param s3 how to reach an {@code s3://} store
   * @param webAccess the origins and host names browsers may use ({@code null}: the defaults)
   */
  public record Options(
      int workers,
      int httpPort,
      boolean fallbackPort,
      Path dataRoot,
      Path cacheDir,
      PrintStream out,
      List<Path> moreDataRoots,
      List<Path> weightsRoots,
      String artifacts,
      S3Settings s3,
      WebAccess webAccess) {
    public Options {
      moreDataRoots = List.copyOf(moreDataRoots);
      weightsRoots = List.copyOf(weightsRoots);
    }

    /**
     * Options whose weights root and artifact store are the folders {@code weights} and {@code
     * artifacts} beside {@code cacheDir}, with the default {@link WebAccess}.
     */
    public Options(
        int workers,
        int httpPort,
        boolean fallbackPort,
        Path dataRoot,
        Path cacheDir,
        PrintStream out) {
      this(
          workers,
          httpPort,
          fallbackPort,
          dataRoot,
          cacheDir,
          out,
          List.of(),
          List.of(cacheDir.toAbsolutePath().resolveSibling("weights")),
          cacheDir.toAbsolutePath().resolveSibling("artifacts").toUri().toString(),
          S3Settings.DEFAULT,
          null);
    }

    /**
     * These options with the workers' artifact store at {@code uri}, reached with {@code settings}.
     */
    public Options withArtifacts(String uri, S3Settings settings) {
      return new Options(
          workers,
          httpPort,
          fallbackPort,
          dataRoot,
          cacheDir,
          out,
          moreDataRoots,
          weightsRoots,
          uri,
          settings,
          webAccess);
    }

    /** What the local workers may read. */
    TrainerEnvironment environment() {
      return new TrainerEnvironment(dataRoot, cacheDir, moreDataRoots, weightsRoots);
    }
  }

  private final Options options;
  private final EmbeddedKafkaBroker broker;
  private final Orchestrator orchestrator;
  private final ArtifactStore artifacts;
  private final List<WorkerNode> workers = new ArrayList<>();

  private LocalSweep(
      Options options,
      EmbeddedKafkaBroker broker,
      Orchestrator orchestrator,
      ArtifactStore artifacts) {
    this.options = options;
    this.broker = broker;
    this.orchestrator = orchestrator;
    this.artifacts = artifacts;
  }

  /**
   * Starts a broker (embedded when {@code bootstrap} is null), the orchestrator and the workers.
   */
  public static LocalSweep start(Options options, String bootstrap) {
    return start(options, bootstrap, Map.of());
  }

  /**
   * As {@link #start(Options, String)}, with Kafka client settings (security) for every client of
   * the orchestrator and the workers; they need a {@code bootstrap}.
   */
  public static LocalSweep start(
      Options options, String bootstrap, Map<String, String> kafkaConfig) {
    return start(options, bootstrap, kafkaConfig, StudyLimits.DEFAULTS);
  }

  /**
   * As {@link #start(Options, String, Map)}, with these caps on what one study may ask for. The
   * workers write to the artifact store {@link Options#artifacts()}, which the orchestrator lists,
   * serves and keeps within each study's {@code retain}; it is opened and checked before a broker
   * starts, and closed with this sweep.
   */
  public static LocalSweep start(
      Options options, String bootstrap, Map<String, String> kafkaConfig, StudyLimits limits) {
    if (bootstrap == null && !kafkaConfig.isEmpty()) {
      throw new IllegalArgumentException(
          "Kafka client settings need a bootstrap: the embedded broker is plaintext");
    }
    ArtifactStore store = ArtifactStores.open(options.artifacts(), options.s3());
    try {
      store.check(); // before a broker starts: a bad store stops the sweep at once
      return startWith(options, bootstrap, kafkaConfig, limits, store);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static LocalSweep startWith(
      Options options,
      String bootstrap,
      Map<String, String> kafkaConfig,
      StudyLimits limits,
      ArtifactStore store) {
    PrintStream out = options.out();
    EmbeddedKafkaBroker broker = null;
    String servers = bootstrap;
    if (servers == null) {
      out.println("Starting an embedded Kafka broker (KRaft) ...");
      broker = EmbeddedKafkaBroker.start(new BrokerOptions(0, null, Map.of()));
      servers = broker.bootstrapServers();
    }
    Orchestrator orchestrator;
    try {
      int port = choosePort(options);
      OrchestratorOptions orchestratorOptions =
          new OrchestratorOptions(servers, "127.0.0.1", port, Clock.systemUTC(), kafkaConfig)
              .withWebAccess(options.webAccess())
              .withWorkerRoots(workerRoots(options))
              .withLimits(limits);
      orchestrator = Orchestrator.start(orchestratorOptions.withArtifacts(store));
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      throw e;
    }
    LocalSweep sweep = new LocalSweep(options, broker, orchestrator, store);
    TrialTrainer trainer = GistTrainers.create(options.environment());
    for (int i = 1; i <= options.workers(); i++) {
      String id = "local-" + i;
      // local workers report into the orchestrator's registry, so its /metrics shows them too
      sweep.workers.add(
          WorkerNode.start(
              WorkerOptions.defaults(servers, id, options.dataRoot(), options.cacheDir())
                  .withKafkaOverrides(kafkaConfig)
                  .withArtifacts(store),
              trainer,
              new MicrometerWorkerMetrics(orchestrator.meterRegistry(), id)));
    }
    out.printf(
        "Kafka %s, %d local worker(s); leaderboard at %s; artifacts in %s%n",
        servers, options.workers(), orchestrator.url(), store.uri());
    return sweep;
  }

  /**
   * The roots of the local workers, for the orchestrator's submit check: each as given (absolute)
   * and canonicalised, so a path written either way is recognised.
   */
  static WorkerRoots workerRoots(Options options) {
    TrainerEnvironment env = options.environment();
    List<String> data = new ArrayList<>();
    Stream.concat(Stream.of(options.dataRoot()), options.moreDataRoots().stream())
        .forEach(p -> data.add(p.toAbsolutePath().toString()));
    env.dataRoots().paths().forEach(p -> data.add(p.toString()));
    List<String> weights = new ArrayList<>();
    Stream.concat(
            options.weightsRoots().stream(),
            Stream.of(TrainerEnvironment.builtinWeights(options.cacheDir())))
        .forEach(p -> weights.add(p.toAbsolutePath().toString()));
    env.weightsRoots().paths().forEach(p -> weights.add(p.toString()));
    return new WorkerRoots(data, weights);
  }

  private static int choosePort(Options options) {
    if (options.httpPort() == 0 || !options.fallbackPort() || isFree(options.httpPort())) {
      return options.httpPort();
    }
    options
        .out()
        .printf(
            "Port %d is in use; serving the leaderboard on a free port instead (choose one with"
                + " --port).%n",
            options.httpPort());
    return 0;
  }

  private static boolean isFree(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (BindException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** The artifact store the local workers write to (open until {@link #close()}). */
  public ArtifactStore artifactStore() {
    return artifacts;
  }

  /** The orchestrator, for tests and callers that want the API. */
  public Orchestrator orchestrator() {
    return orchestrator;
  }

  /**
   * Submits the sweep, prints progress until it finishes, prints the leaderboard, and writes {@code
   * output/study.json} when {@code output} is not null.
   */
  public StudySnapshot run(SweepSpec spec, Path output, Duration timeout) {
    ProgressPrinter progress = new ProgressPrinter(options.out(), Clock.systemUTC());
    orchestrator.addObserver(progress);
    String id = orchestrator.submit(spec);
    options
        .out()
        .printf(
            "Study %s: %d trials, %d in parallel, sampler %s (seed %d)%n",
            id,
            spec.budget().trials(),
            spec.budget().parallel(),
            spec.sampler().type(),
            spec.sampler().seed());
    StudySnapshot done;
    try {
      // settled: retention has run, so study.json says which weights the store kept
      done = orchestrator.settled(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("interrupted while waiting for study " + id);
    } catch (ExecutionException e) {
      throw new UserFacingException(
          "study " + id + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new UserFacingException(
          "study " + id + " did not finish within " + timeout + "; see " + orchestrator.url());
    }
    options.out().println();
    options.out().print(LeaderboardTable.render(done));
    if (output != null) {
      writeStudy(done, output);
    }
    return done;
  }

  private void writeStudy(StudySnapshot study, Path output) {
    try {
      Files.createDirectories(output);
      Path file = output.resolve("study.json");
      Files.writeString(file, StudyJson.render(study).encodePrettily());
      options.out().println("Study written to " + file);
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot write " + output.resolve("study.json") + ": " + e.getMessage(), e);
    }
  }

  /** Stops the workers (releasing held trials), the orchestrator, the broker and the store. */
  @Override
  public void close() {
    workers.forEach(WorkerNode::close);
    orchestrator.close();
    if (broker != null) {
      broker.close();
    }
    artifacts.close();
  }
}
