package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.orchestrator.kafka.KafkaTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches ingestion from the orchestrator's side: every {@code interval} it reads the offsets the
 * orchestrator's consumer group committed on {@code gist.events} (the loop commits a batch only
 * after the study owner applied it) and the topic's end offsets. Applied events = committed offsets
 * summed over partitions, minus those at {@link #start}; lag = end minus committed.
 */
final class IngestionMeter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IngestionMeter.class);

  /** One reading: when, events applied since start, events written but not yet applied. */
  record Sample(long nanos, long applied, long lag) {}

  private final Admin admin;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Duration interval;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private long base;
  private volatile boolean running = true;

  IngestionMeter(String bootstrap, Duration interval) {
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "gist-load-meter"));
    this.interval = interval;
    for (int p = 0; p < KafkaTopology.PARTITIONS.get(Topics.EVENTS); p++) {
      partitions.add(new TopicPartition(Topics.EVENTS, p));
    }
    this.thread = new Thread(this::run, "gist-load-meter");
    this.thread.setDaemon(true);
  }

  /** Takes the current committed total as zero and starts sampling. */
  void start() {
    base = read().applied();
    thread.start();
  }

  /** The latest reading, taken now. */
  synchronized Sample now() {
    Sample s = read();
    samples.add(s);
    return s;
  }

  /** Every reading so far, in time order. */
  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /**
   * Waits until at least {@code target} events are applied (committed) since start.
   *
   * @throws IllegalStateException when that takes longer than {@code max}
   */
  Sample awaitApplied(long target, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Sample s = now();
      if (s.applied() >= target) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the orchestrator applied "
                + s.applied()
                + " of "
                + target
                + " events within "
                + max.toSeconds()
                + " s");
      }
      pause(20);
    }
  }

  private void run() {
    while (running) {
      try {
        now();
      } catch (RuntimeException e) {
        LOG.warn("cannot read the orchestrator's offsets: {}", e.toString());
      }
      pause(interval.toMillis());
    }
  }

  private Sample read() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(Topics.ORCHESTRATOR_GROUP)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
      long done = 0;
      long end = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        done += c == null ? 0 : c.offset();
        end += ends.get(tp).offset();
      }
      return new Sample(System.nanoTime(), done - base, end - done);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot read offsets of group " + Topics.ORCHESTRATOR_GROUP + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading offsets", e);
    }
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(5));
  }
}
