package org.gistsweep.orchestrator.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.orchestrator.journal.JournalFormatException;
import org.gistsweep.orchestrator.journal.StudyLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The study log on Kafka: journal entries go to {@link Topics#JOURNAL} and the messages they caused
 * to {@link Topics#TRIALS} / {@link Topics#CONTROL}, in one transaction per batch. Workers read
 * trials and controls {@code read_committed}, so a message is seen only if its journal entry is
 * durable, and vice versa.
 *
 * <p>One writer thread owns the producer. Appends queue up in call order; each round takes what is
 * queued (up to {@value #MAX_BATCH}) as one transaction. When the broker is down the round is
 * retried with a new producer until it is back; a commit whose outcome is unknown is checked by
 * reading back the journal's last committed record, so nothing is written twice. A newer
 * orchestrator with the same transactional id fences this one (the broker answers with a fenced or
 * an old-epoch error; our own transactions are far shorter than the transaction timeout, so an old
 * epoch means someone else bumped it): it stops writing and fails every append, and never
 * re-initialises, which would fence the newer one in turn.
 */
public final class KafkaStudyLog implements StudyLog {
  /** The transactional id of the (single) orchestrator of a cluster. */
  public static final String DEFAULT_TRANSACTIONAL_ID = "gist-orchestrator";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaStudyLog.class);
  private static final int MAX_BATCH = 2000;
  private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

  /**
   * A write taking longer than this means the broker does not answer (see {@link
   * #reachableSince()}).
   */
  static final Duration STALL = Duration.ofSeconds(2);

  private static final long MAX_BACKOFF_MS = 5000;

  private final String bootstrap;
  private final String transactionalId;
  private final Map<String, String> overrides;
  private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private KafkaProducer<String, byte[]> producer;
  private volatile Instant reachableSince;

  /**
   * {@code System.nanoTime()} when the writer's call to the broker in progress began; 0 while none
   * is.
   */
  private volatile long busySince;

  private volatile boolean running = true;
  private volatile Throwable stopped;
  private long lastProbe = System.nanoTime();

  private record Append(
      List<JournalEntry> entries, List<WireMessage> outbound, CompletableFuture<Void> done) {}

  /**
   * @param overrides client settings (security and the like) applied to every client it makes
   */
  public KafkaStudyLog(String bootstrap, String transactionalId, Map<String, String> overrides) {
    this.bootstrap = bootstrap;
    this.transactionalId = transactionalId;
    this.overrides = Map.copyOf(overrides);
    this.writer = new Thread(this::run, "gist-journal-writer");
    this.writer.setDaemon(true);
  }

  @Override
  public List<JournalEntry> recover() {
    long deadline = System.nanoTime() + SETUP_TIMEOUT.toNanos();
    producer = openProducer(deadline);
    List<JournalEntry> entries = new ArrayList<>();
    int unreadable = 0;
    for (byte[] value : JournalReader.read(bootstrap, overrides, 0, SETUP_TIMEOUT)) {
      try {
        entries.add(JournalCodec.decode(value));
      } catch (JournalFormatException e) {
        unreadable++;
        LOG.error(
            "journal record {} is unreadable and skipped: {}",
            entries.size() + unreadable - 1,
            e.getMessage());
      }
    }
    reachableSince = Instant.now();
    writer.start();
    return entries;
  }

  @Override
  public CompletableFuture<Void> append(List<JournalEntry> entries, List<WireMessage> outbound) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("the journal is closed", stopped));
      return done;
    }
    queue.add(new Append(entries, outbound, done));
    return done;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A call to the broker (a write, or the idle probe) that has been in progress for longer than
   * {@link #STALL} counts as unreachable at once: a call blocked on a broker that went away fails
   * only after {@code max.block.ms} (10 s) or later, and leases must not run meanwhile. When a
   * stalled call goes through, the broker counts as reachable from then.
   */
  @Override
  public Optional<Instant> reachableSince() {
    long busy = busySince;
    if (busy != 0 && System.nanoTime() - busy > STALL.toNanos()) {
      return Optional.empty();
    }
    return Optional.ofNullable(reachableSince);
  }

  private void run() {
    List<Append> batch = new ArrayList<>();
    long backoff = 100;
    boolean outcomeUnknown = false;
    while (running) {
      try {
        if (batch.isEmpty()) {
          Append first = queue.poll(PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
          if (first == null) {
            probe();
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
        }
        busySince = System.nanoTime();
        if (producer == null) {
          producer = openProducer(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff));
        }
        if (outcomeUnknown) {
          boolean committed = alreadyCommitted(batch);
          outcomeUnknown = false;
          if (committed) {
            LOG.info("journal: the last batch was committed before the connection was lost");
            answered("a check");
            complete(batch);
            continue;
          }
        }
        write(batch);
        answered("a write");
        complete(batch);
        backoff = 100;
      } catch (ProducerFencedException
          | InvalidProducerEpochException
          | AuthorizationException
          | UnsupportedVersionException e) {
        stop(e);
      } catch (RuntimeException e) {
        busySince = 0;
        outcomeUnknown = !batch.isEmpty();
        if (reachableSince != null) {
          LOG.warn(
              "journal: cannot write to {} ({}); retrying until it is back",
              bootstrap,
              e.toString());
        }
        reachableSince = null;
        discardProducer();
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failAll(batch, stopped != null ? stopped : new IllegalStateException("the journal is closed"));
    discardProducer();
  }

  private void write(List<Append> batch) {
    producer.beginTransaction();
    for (Append a : batch) {
      for (JournalEntry e : a.entries()) {
        producer.send(new ProducerRecord<>(Topics.JOURNAL, 0, e.study(), JournalCodec.encode(e)));
      }
      for (WireMessage m : a.outbound()) {
        String topic = m instanceof TrialAssignment ? Topics.TRIALS : Topics.CONTROL;
        producer.send(new ProducerRecord<>(topic, m.key(), WireCodec.encode(m)));
      }
    }
    try {
      producer.commitTransaction();
    } catch (TimeoutException e) {
      producer.commitTransaction();
    }
    lastProbe = System.nanoTime();
  }

  /**
   * Whether the journal's last committed record is the batch's last entry: after a lost connection
   * the new producer's {@code initTransactions} finished or aborted the old transaction, and only
   * the journal tells which.
   */
  private boolean alreadyCommitted(List<Append> batch) {
    byte[] last = null;
    for (Append a : batch) {
      for (JournalEntry e : a.entries()) {
        last = JournalCodec.encode(e);
      }
    }
    if (last == null) {
      return false;
    }
    long end = JournalReader.end(bootstrap, overrides, KafkaClients.CALL_TIMEOUT);
    List<byte[]> tail =
        JournalReader.read(
            bootstrap, overrides, Math.max(0, end - 2L * MAX_BATCH), KafkaClients.CALL_TIMEOUT);
    return !tail.isEmpty() && Arrays.equals(tail.get(tail.size() - 1), last);
  }

  private KafkaProducer<String, byte[]> openProducer(long deadlineNanos) {
    KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            KafkaClients.journalProducerConfig(bootstrap, transactionalId, overrides));
    while (true) {
      try {
        p.initTransactions();
        return p;
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadlineNanos) {
          p.close(Duration.ZERO);
          throw new BrokerUnreachableException(bootstrap, SETUP_TIMEOUT, e);
        }
      } catch (KafkaException e) {
        p.close(Duration.ZERO);
        throw e;
      }
    }
  }

  private void probe() {
    if (System.nanoTime() - lastProbe < PROBE_EVERY.toNanos() || producer == null) {
      return;
    }
    lastProbe = System.nanoTime();
    busySince = lastProbe;
    try {
      producer.partitionsFor(Topics.JOURNAL);
      JournalReader.end(bootstrap, overrides, Duration.ofSeconds(2));
      answered("a probe");
    } catch (KafkaException e) {
      busySince = 0;
      if (reachableSince != null) {
        LOG.warn(
            "journal: the broker at {} does not answer ({}); worker leases are paused",
            bootstrap,
            e.toString());
      }
      reachableSince = null;
    }
  }

  /**
   * Ends a call to the broker that went through: the broker is reachable, and if the call stalled
   * (see {@link #reachableSince()}), it counts as reachable only from now.
   */
  private void answered(String what) {
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - busySince);
    busySince = 0;
    if (reachableSince == null) {
      reachableSince = Instant.now();
      LOG.info("journal: the broker at {} is reachable again", bootstrap);
    } else if (tookMs > STALL.toMillis()) {
      reachableSince = Instant.now();
      LOG.info(
          "journal: {} to {} took {} ms; worker leases count from now", what, bootstrap, tookMs);
    }
  }

  private void stop(KafkaException e) {
    LOG.error(
        "journal: {} can no longer write ({}). Another orchestrator with transactional id '{}' has"
            + " probably started; this one stops recording. Stop one of them.",
        transactionalId,
        e.toString(),
        transactionalId);
    stopped = e;
    running = false;
  }

  private void complete(List<Append> batch) {
    batch.forEach(a -> a.done().complete(null));
    batch.clear();
  }

  private void failAll(List<Append> batch, Throwable cause) {
    batch.forEach(a -> a.done().completeExceptionally(cause));
    batch.clear();
    Append a;
    while ((a = queue.poll()) != null) {
      a.done().completeExceptionally(cause);
    }
  }

  private void discardProducer() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (KafkaException e) {
        LOG.debug("closing the journal producer: {}", e.toString());
      }
      producer = null;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the writer: appends not yet durable fail. Idempotent. */
  @Override
  public void close() {
    running = false;
    writer.interrupt();
    if (writer.isAlive() && Thread.currentThread() != writer) {
      try {
        writer.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (!writer.isAlive()) {
      discardProducer();
    }
  }
}
