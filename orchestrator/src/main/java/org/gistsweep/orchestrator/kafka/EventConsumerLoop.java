package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns the orchestrator's consumer of {@link Topics#EVENTS}. Each poll's
 * records are decoded and checked ({@link WorkerReportChecks}); undecodable ones and those no
 * honest worker sends go to {@link DeadLetters}; the rest go to the {@link EventBatchHandler} as
 * one batch. What the handler rejects is dead-lettered too, then the offsets are committed. If the
 * handler or a dead letter fails, the partitions are rewound to the batch start and it is offered
 * again.
 *
 * <p>A crash after the handler applied a batch but before its offsets were committed redelivers the
 * batch: applied messages come back as duplicates (fenced off, changing nothing), rejected ones are
 * rejected again (they were never recorded) and may be dead-lettered a second time, so dead letters
 * are written at least once. The loop never dies on a bad record; only {@link #close()} ends it, or
 * a newer orchestrator taking over as the same static group member (then this one stops reading).
 */
public final class EventConsumerLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventConsumerLoop.class);
  private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

  private final Consumer<String, byte[]> consumer;
  private final DeadLetters deadLetters;
  private final EventBatchHandler handler;
  private final Duration pollTimeout;
  private final Thread thread;
  private final CompletableFuture<Void> started = new CompletableFuture<>();
  private final AtomicLong delivered = new AtomicLong();
  private volatile boolean running = true;
  private volatile long lag;

  /**
   * @param consumer configured by {@link KafkaClients#consumerConfig}; this loop takes ownership
   * @param deadLetterProducer where poison records go; not closed by this loop
   * @param pollTimeout the longest one poll waits for records
   */
  public EventConsumerLoop(
      Consumer<String, byte[]> consumer,
      Producer<String, byte[]> deadLetterProducer,
      EventBatchHandler handler,
      Duration pollTimeout) {
    this.consumer = consumer;
    this.deadLetters = new DeadLetters(deadLetterProducer);
    this.handler = handler;
    this.pollTimeout = pollTimeout;
    this.thread = new Thread(this::run, "gist-events-consumer");
    this.thread.setDaemon(true);
  }

  /** Starts the thread; the future completes once it has subscribed and polled once. */
  public CompletableFuture<Void> start() {
    thread.start();
    return started;
  }

  /** Records sent to the dead-letter topic so far. */
  public long deadLettered() {
    return deadLetters.count();
  }

  /** Records of one kind sent to the dead-letter topic so far. */
  public long deadLettered(DeadLetterKind kind) {
    return deadLetters.count(kind);
  }

  /**
   * Records of {@link Topics#EVENTS} not yet consumed, summed over this consumer's partitions, as
   * of its latest poll (from the fetch responses; no call to the broker).
   */
  public long lag() {
    return lag;
  }

  /** Decoded messages handed to the handler and applied so far. */
  public long delivered() {
    return delivered.get();
  }

  private void run() {
    try {
      consumer.subscribe(List.of(Topics.EVENTS));
      while (running) {
        try {
          ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
          started.complete(null);
          if (!records.isEmpty()) {
            handle(records);
          }
          lag = currentLag();
        } catch (WakeupException | InterruptException e) {
          if (running) {
            LOG.warn("event consumer woken up while running; continuing");
          }
        } catch (FencedInstanceIdException e) {
          LOG.error(
              "event consumer: another orchestrator with the same id has taken over the worker"
                  + " events ({}); this one stops reading them. Stop one of them.",
              e.toString());
          running = false;
        } catch (RuntimeException e) {
          LOG.error("event consumer loop: {}; rewinding the batch and continuing", e.toString(), e);
          pause();
        }
      }
    } finally {
      started.completeExceptionally(new IllegalStateException("the event consumer stopped"));
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }

  private void handle(ConsumerRecords<String, byte[]> records) {
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    List<WireMessage> batch = new ArrayList<>();
    Map<WireMessage, ConsumerRecord<String, byte[]>> origins = new IdentityHashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      TopicPartition tp = new TopicPartition(r.topic(), r.partition());
      first.putIfAbsent(tp, r.offset());
      next.put(tp, new OffsetAndMetadata(r.offset() + 1));
      WireMessage m;
      try {
        m = WireCodec.decode(r.value());
      } catch (WireFormatException e) {
        deadLetters.send(r, DeadLetterKind.UNDECODABLE, e.getMessage());
        continue;
      }
      String problem = WorkerReportChecks.problem(m);
      if (problem != null) {
        deadLetters.send(r, DeadLetterKind.INVALID, problem);
        continue;
      }
      batch.add(m);
      origins.put(m, r);
    }
    try {
      deadLetters.flush();
      if (!batch.isEmpty()) {
        Optional<List<EventBatchHandler.Rejected>> rejected =
            awaitApplied(handler.apply(batch).toCompletableFuture());
        if (rejected.isEmpty()) {
          return;
        }
        for (EventBatchHandler.Rejected x : rejected.get()) {
          ConsumerRecord<String, byte[]> r = origins.get(x.message());
          if (r != null) {
            deadLetters.send(r, x.kind(), x.reason());
          }
        }
        deadLetters.flush();
      }
      delivered.addAndGet(batch.size());
      consumer.commitSync(next);
    } catch (RuntimeException e) {
      rewind(first);
      throw e;
    }
  }

  private long currentLag() {
    long sum = 0;
    for (TopicPartition tp : consumer.assignment()) {
      sum += consumer.currentLag(tp).orElse(0);
    }
    return sum;
  }

  /**
   * Waits for the handler: the rejected messages, or empty when closing (offsets stay uncommitted,
   * the batch is redelivered).
   */
  private Optional<List<EventBatchHandler.Rejected>> awaitApplied(
      CompletableFuture<List<EventBatchHandler.Rejected>> applied) {
    while (running) {
      try {
        List<EventBatchHandler.Rejected> rejected = applied.get(200, TimeUnit.MILLISECONDS);
        return Optional.of(rejected == null ? List.of() : rejected);
      } catch (TimeoutException e) {
        // keep waiting while running
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "the study owner failed to apply a batch: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void rewind(Map<TopicPartition, Long> first) {
    first.forEach(
        (tp, offset) -> {
          if (consumer.assignment().contains(tp)) {
            consumer.seek(tp, offset);
          }
        });
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops the loop and closes the consumer (from its own thread); idempotent. */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    if (Thread.currentThread() != thread && thread.isAlive()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
