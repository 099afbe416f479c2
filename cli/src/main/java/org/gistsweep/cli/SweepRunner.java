package org.gistsweep.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.common.spec.SweepSpec;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.service.StudyLimits;
import org.gistsweep.orchestrator.study.StudySnapshot;

/** Runs a parsed sweep in one JVM with {@link LocalSweep}: the body of quickstart and run. */
final class SweepRunner {
  private SweepRunner() {}

  static int run(SweepSpec spec, SweepOptions o, PrintStream out) {
    Map<String, String> kafka = o.kafkaConfig.loadFor(o.bootstrap);
    if (o.bootstrap != null) {
      BrokerProbe.awaitReachable(o.bootstrap, Duration.ofSeconds(o.connectTimeout), kafka);
    }
    AblationAfterSweep.checkFormat(o.report);
    StudyLimits limits = o.limits.limits();
    limits.check(spec, false); // before starting budget.parallel local workers
    int workers = o.workers != null ? o.workers : spec.budget().parallel();
    if (workers < 1) {
      throw new UserFacingException("--workers must be at least 1, got " + workers);
    }
    GistHome home = GistHome.resolve();
    LocalSweep.Options options =
        new LocalSweep.Options(
            workers,
            o.port,
            true,
            home.data(),
            home.cache(),
            out,
            o.roots.dataRoots(),
            o.roots.weightsRoots(home),
            o.artifacts.uri(home),
            o.artifacts.s3(),
            o.webAccess.access(false));
    PathSettings.check(
        spec, LocalSweep.workerRoots(options)); // before a broker starts: the workers are ours
    try (LocalSweep sweep = LocalSweep.start(options, o.bootstrap, kafka, limits)) {
      StudySnapshot study = sweep.run(spec, o.output, Duration.ofMinutes(o.timeoutMinutes));
      AblationAfterSweep.print(study, o.report, o.output, out);
      if (o.keepServing) {
        out.println(
            "Console still served at " + sweep.orchestrator().url() + " - press Ctrl-C to stop.");
        awaitInterrupt();
      }
      boolean anyComplete =
          study.trials().stream()
              .anyMatch(t -> t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED);
      return anyComplete ? 0 : ExitCodes.FAILED;
    }
  }

  private static void awaitInterrupt() {
    CountDownLatch forever = new CountDownLatch(1);
    java.lang.Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
    try {
      forever.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
