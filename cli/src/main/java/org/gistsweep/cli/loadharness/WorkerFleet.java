package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ShareGroupDescription;
import org.apache.kafka.clients.admin.ShareMemberDescription;
import org.gistsweep.common.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N {@link SimulatedWorker}s with what they share: a few event producers, one control reader, the
 * latency recorder and the counters. Per worker the JVM carries one share consumer (its poll thread
 * plus the client's background thread); a real {@code WorkerNode} also has its own producer,
 * control consumer, training and heartbeat threads, which the fleet shares instead.
 */
final class WorkerFleet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerFleet.class);
  private static final Duration CREATE_TIMEOUT = Duration.ofMinutes(3);

  private final String bootstrap;
  private final EventSender events;
  private final ControlRouter controls;
  private final DispatchLatencies latencies;
  private final FleetCounters counters = new FleetCounters();
  private final List<SimulatedWorker> workers = new ArrayList<>();

  private WorkerFleet(
      String bootstrap, EventSender events, ControlRouter controls, DispatchLatencies latencies) {
    this.bootstrap = bootstrap;
    this.events = events;
    this.controls = controls;
    this.latencies = latencies;
  }

  /** Starts the control reader, then {@code options.workers()} workers polling the share group. */
  static WorkerFleet start(LoadOptions options, String bootstrap, String studyPrefix) {
    EventSender events = new EventSender(bootstrap, options.producers());
    ControlRouter controls = new ControlRouter(bootstrap);
    WorkerFleet fleet =
        new WorkerFleet(bootstrap, events, controls, new DispatchLatencies(options.parallel()));
    try {
      controls.start().get(30, TimeUnit.SECONDS);
      SimulatedWorker.Context ctx =
          new SimulatedWorker.Context(
              bootstrap,
              studyPrefix,
              options.epochTime(),
              options.heartbeatInterval(),
              options.fetchMaxWait(),
              events,
              controls,
              fleet.latencies,
              fleet.counters);
      long started = System.nanoTime();
      for (int i = 0; i < options.workers(); i++) {
        SimulatedWorker w = new SimulatedWorker(i, ctx);
        fleet.workers.add(w);
        w.start();
        if (System.nanoTime() - started > CREATE_TIMEOUT.toNanos()) {
          throw new IllegalStateException(
              "only "
                  + (i + 1)
                  + " of "
                  + options.workers()
                  + " share consumers were created within "
                  + CREATE_TIMEOUT.toSeconds()
                  + " s: the machine cannot run that many in one JVM; try fewer --workers");
        }
      }
      return fleet;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fleet.close();
      throw new IllegalStateException("interrupted while starting the simulated workers", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      fleet.close();
      throw new IllegalStateException("cannot start the simulated workers: " + e, e);
    }
  }

  /**
   * Waits until every worker is a member of the share group with {@code gist.trials} assigned, so
   * that no measurement includes joining.
   *
   * @throws IllegalStateException naming how many joined, and the broker limit that may be the
   *     cause
   */
  void awaitJoined(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    int joined = 0;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      while (System.nanoTime() < deadline) {
        joined = joined(admin);
        if (joined >= workers.size()) {
          return;
        }
        Thread.sleep(250);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the workers to join", e);
    }
    throw new IllegalStateException(
        joined
            + " of "
            + workers.size()
            + " simulated workers joined share group "
            + Topics.WORKER_GROUP
            + " within "
            + max.toSeconds()
            + " s; a broker admits at most group.share.max.size members (default 200, at most"
            + " 1000), and hundreds of members heartbeating every 500 ms can starve a broker on few"
            + " cores (try --share-heartbeat-ms 5000)");
  }

  private static int joined(Admin admin) throws InterruptedException {
    try {
      ShareGroupDescription d =
          admin
              .describeShareGroups(List.of(Topics.WORKER_GROUP))
              .describedGroups()
              .get(Topics.WORKER_GROUP)
              .get(10, TimeUnit.SECONDS);
      int n = 0;
      for (ShareMemberDescription m : d.members()) {
        boolean assigned =
            m.assignment().topicPartitions().stream()
                .anyMatch(tp -> tp.topic().equals(Topics.TRIALS));
        if (m.clientId().startsWith("gist-load-worker-") && assigned) {
          n++;
        }
      }
      return n;
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("cannot describe share group {} yet: {}", Topics.WORKER_GROUP, e.toString());
      return 0;
    }
  }

  /** The dispatch latency samples. */
  DispatchLatencies latencies() {
    return latencies;
  }

  /** What the workers did. */
  FleetCounters counters() {
    return counters;
  }

  /** Their events, as acknowledged by the broker. */
  EventSender events() {
    return events;
  }

  /** The control reader. */
  ControlRouter controls() {
    return controls;
  }

  /** Stops every worker (a held trial is handed back), then the control reader and producers. */
  @Override
  public void close() {
    workers.forEach(SimulatedWorker::close);
    for (SimulatedWorker w : workers) {
      try {
        w.join(Duration.ofSeconds(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    controls.close();
    events.close();
  }
}
