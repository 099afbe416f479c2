package org.gistsweep.cli.chaos;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.gistsweep.common.wire.EpochMetrics;
import org.gistsweep.common.wire.Heartbeat;
import org.gistsweep.common.wire.Topics;
import org.gistsweep.common.wire.TrialFinished;
import org.gistsweep.common.wire.WireMessage;

/**
 * Faults injected onto {@link Topics#EVENTS} behind the workers' backs: duplicates of every record
 * already there (which must be fenced off), undecodable or invalid records and well-formed
 * forgeries without the attempt's token (which must be dead-lettered), and a forgery for a study
 * nobody knows (counted as such, nothing else).
 */
final class EventFaults {
  /**
   * The sent_at of the forgeries: fixed, so the same call gives the same bytes (to find them among
   * the dead letters).
   */
  private static final long FORGED_AT = 1_700_000_000_000L;

  /** One undecodable or invalid record value and what is wrong with it. */
  record Garbage(String what, byte[] value) {}

  private EventFaults() {}

  /**
   * Reads every record on {@link Topics#EVENTS} and produces it again, same key, value and headers,
   * as a redelivering transport or a replaying producer would.
   *
   * @return how many records were duplicated
   */
  static int duplicateAll(String bootstrap) {
    List<ProducerRecord<String, byte[]>> copies = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r :
        TopicReader.readAll(bootstrap, Topics.EVENTS, Duration.ofSeconds(30))) {
      copies.add(new ProducerRecord<>(Topics.EVENTS, null, r.key(), r.value(), r.headers()));
    }
    Records.produceRaw(bootstrap, copies);
    return copies.size();
  }

  /** The garbage catalogue: each value must fail to decode, for a different reason. */
  static List<Garbage> garbage(String study) {
    String header =
        "\"schema\":1,\"study\":\""
            + study
            + "\",\"trial\":0,\"sent_at\":1,\"worker\":\"chaos-forger\"";
    return List.of(
        new Garbage(
            "binary noise", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0x13, (byte) 0x80, 0x7f}),
        new Garbage("empty value", new byte[0]),
        new Garbage("truncated JSON", utf8("{\"type\":\"heartbeat\"," + header)),
        new Garbage("a JSON array", utf8("[1,2,3]")),
        new Garbage(
            "no schema field",
            utf8(
                "{\"type\":\"heartbeat\",\"study\":\""
                    + study
                    + "\",\"trial\":0,\"attempt\":1,\"worker\":\"x\"}")),
        new Garbage(
            "unknown schema version 99",
            utf8(
                "{\"type\":\"heartbeat\","
                    + header.replace("\"schema\":1", "\"schema\":99")
                    + ",\"attempt\":1}")),
        new Garbage(
            "unknown message type",
            utf8("{\"type\":\"trial_exploded\"," + header + ",\"attempt\":1}")),
        new Garbage("attempt 0", utf8("{\"type\":\"heartbeat\"," + header + ",\"attempt\":0}")),
        new Garbage(
            "negative trial",
            utf8(
                "{\"type\":\"heartbeat\","
                    + header.replace("\"trial\":0", "\"trial\":-3")
                    + ",\"attempt\":1}")),
        new Garbage(
            "missing worker",
            utf8(
                "{\"type\":\"heartbeat\","
                    + header.replace(",\"worker\":\"chaos-forger\"", "")
                    + ",\"attempt\":1}")),
        new Garbage(
            "invalid outcome",
            utf8(
                "{\"type\":\"trial_finished\","
                    + header
                    + ",\"attempt\":1,\"outcome\":\"victorious\",\"best_value\":1.0}")),
        new Garbage(
            "epoch 0",
            utf8(
                "{\"type\":\"epoch_metrics\","
                    + header
                    + ",\"attempt\":1,\"epoch\":0,\"val_top1\":1.0}")));
  }

  /** Produces the {@link #garbage} catalogue; returns how many records it wrote. */
  static int injectGarbage(String bootstrap, String study) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    int n = 0;
    for (Garbage g : garbage(study)) {
      records.add(new ProducerRecord<>(Topics.EVENTS, study + "/garbage-" + n++, g.value()));
    }
    Records.produceRaw(bootstrap, records);
    return records.size();
  }

  /**
   * Well-formed messages (they pass the ingress checks) that claim a perfect score for trial 0: for
   * its first attempt and for an attempt never issued, none with the attempt's token (a forger that
   * cannot read gist.trials has none). The study must reject each (dead letter kind {@code token}).
   */
  static List<WireMessage> forgeries(String study) {
    long now = FORGED_AT;
    int never = 99;
    return List.of(
        new EpochMetrics(
            WireMessage.SCHEMA_VERSION,
            study,
            0,
            never,
            now,
            "chaos-forger",
            1,
            0.1,
            0.1,
            0,
            0,
            0,
            1.0,
            0.01,
            1,
            1),
        new TrialFinished(
            WireMessage.SCHEMA_VERSION,
            study,
            0,
            never,
            now,
            "chaos-forger",
            TrialFinished.COMPLETE,
            1.0,
            1,
            1.0,
            1,
            1,
            1),
        new TrialFinished(
            WireMessage.SCHEMA_VERSION,
            study,
            0,
            1,
            now,
            "chaos-forger",
            TrialFinished.COMPLETE,
            1.0,
            1,
            1.0,
            1,
            1,
            1));
  }

  /**
   * A well-formed perfect score for a study that does not exist: only counted as for an unknown
   * study.
   */
  static WireMessage unknownStudyForgery(String study) {
    return new TrialFinished(
        WireMessage.SCHEMA_VERSION,
        study + "-nonexistent",
        0,
        1,
        System.currentTimeMillis(),
        "chaos-forger",
        TrialFinished.COMPLETE,
        1.0,
        1,
        1.0,
        1,
        1,
        1);
  }

  /**
   * A heartbeat for a study no orchestrator knows: applying it only bumps {@code
   * unknown_study_messages}, which tells that the orchestrator is reading worker events.
   */
  static WireMessage unknownStudyProbe(String study) {
    return new Heartbeat(
        WireMessage.SCHEMA_VERSION,
        study + "-probe",
        0,
        1,
        System.currentTimeMillis(),
        "chaos-prober");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
