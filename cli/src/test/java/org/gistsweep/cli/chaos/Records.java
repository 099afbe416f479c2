package org.gistsweep.cli.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.journal.JournalEntry;
import org.gistsweep.testsupport.Waits;

/** Producing raw or encoded records and reading decoded events, for the resilience tests. */
final class Records {
  private Records() {}

  /**
   * Encodes and produces {@code messages} onto {@code topic}, keyed as the product keys them; waits
   * for each.
   */
  static void produce(String bootstrap, String topic, List<? extends WireMessage> messages) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (WireMessage m : messages) {
      records.add(new ProducerRecord<>(topic, m.key(), WireCodec.encode(m)));
    }
    produceRaw(bootstrap, records);
  }

  /**
   * Produces records as they are (any bytes, any key), in order; waits until the broker has all.
   */
  static void produceRaw(String bootstrap, List<ProducerRecord<String, byte[]>> records) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> r : records) {
        sent.add(producer.send(r));
      }
      for (Future<RecordMetadata> f : sent) {
        f.get(30, TimeUnit.SECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot produce to " + bootstrap + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while producing", e);
    }
  }

  /**
   * The decodable messages of {@code study} on {@link Topics#EVENTS}, in partition and offset
   * order.
   */
  static List<WireMessage> events(String bootstrap, String study) {
    List<WireMessage> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.EVENTS, Duration.ofSeconds(30))) {
      try {
        WireMessage m = WireCodec.decode(r.value());
        if (m.study().equals(study)) {
          out.add(m);
        }
      } catch (WireFormatException e) {
        // garbage is some other test's business
      }
    }
    return out;
  }

  /** The committed assignments of {@code study} on {@link Topics#TRIALS}, in offset order. */
  static List<TrialAssignment> assignments(String bootstrap, String study) {
    List<TrialAssignment> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.TRIALS, Duration.ofSeconds(30))) {
      if (WireCodec.decode(r.value()) instanceof TrialAssignment a && a.study().equals(study)) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * The committed entries of {@code study} in the orchestrator's journal ({@link Topics#JOURNAL}),
   * in order.
   */
  static List<JournalEntry> journal(String bootstrap, String study) {
    List<JournalEntry> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.JOURNAL, Duration.ofSeconds(30))) {
      JournalEntry e = JournalCodec.decode(r.value());
      if (e.study().equals(study)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Polls {@link #events} until {@code done} holds; fails with what was seen at the deadline. */
  static List<WireMessage> awaitEvents(
      String bootstrap, String study, Duration timeout, Predicate<List<WireMessage>> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<WireMessage> seen = events(bootstrap, study);
    while (!done.test(seen)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "within "
                + timeout
                + " the events of "
                + study
                + " did not reach the expected state; saw "
                + seen);
      }
      Waits.pause(Duration.ofMillis(300));
      seen = events(bootstrap, study);
    }
    return seen;
  }
}
