package org.gistsweep.cli.loadharness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of {@code gist.control} for the whole fleet, on its own thread, routing each decision
 * to the worker that holds that (study, trial, attempt). A real worker reads the whole topic itself
 * (no group), so N real workers read every decision N times; one shared reader keeps the harness
 * light and does not load the orchestrator differently.
 */
final class ControlRouter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlRouter.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, AttemptControls> held = new ConcurrentHashMap<>();
  private final Thread thread;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final AtomicLong routed = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();
  private volatile boolean running = true;

  ControlRouter(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gist-load-control");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "gist-load-control");
    this.thread.setDaemon(true);
  }

  /** Starts reading from the end of the topic; completes once the position is fixed. */
  CompletableFuture<Void> start() {
    thread.start();
    return ready;
  }

  /** Makes decisions about {@code a} reach the returned controls until {@link #release}. */
  AttemptControls hold(TrialAssignment a) {
    AttemptControls c = new AttemptControls();
    held.put(key(a), c);
    return c;
  }

  /** Stops routing decisions about {@code a}. */
  void release(TrialAssignment a) {
    held.remove(key(a));
  }

  /** Decisions delivered to a holding worker. */
  long routed() {
    return routed.get();
  }

  /** Decisions for attempts no worker held any more (e.g. the answer to a trial's last epoch). */
  long unrouted() {
    return unrouted.get();
  }

  private void run() {
    try {
      List<TopicPartition> parts = List.of(new TopicPartition(Topics.CONTROL, 0));
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      consumer.position(parts.get(0));
      ready.complete(null);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          route(r);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("control reader woken while running", e);
      }
    } catch (RuntimeException e) {
      LOG.error("control reader stopped: {}", e.toString(), e);
      ready.completeExceptionally(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void route(ConsumerRecord<String, byte[]> r) {
    WireMessage m;
    try {
      m = WireCodec.decode(r.value());
    } catch (WireFormatException e) {
      LOG.warn("undecodable control record at offset {}: {}", r.offset(), e.getMessage());
      return;
    }
    if (!(m instanceof TrialControl c)) {
      return;
    }
    AttemptControls target = held.get(c.study() + "/" + c.trial() + "/" + c.attempt());
    if (target == null) {
      unrouted.incrementAndGet();
    } else {
      routed.incrementAndGet();
      target.accept(c);
    }
  }

  private static String key(TrialAssignment a) {
    return a.study() + "/" + a.trial() + "/" + a.attempt();
  }

  @Override
  public void close() {
    running = false;
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(Duration.ofSeconds(5));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
