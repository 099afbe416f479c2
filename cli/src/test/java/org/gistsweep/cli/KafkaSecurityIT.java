package org.gistsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.gistsweep.cli.broker.BrokerProbe;
import org.gistsweep.cli.broker.KafkaBrokerExtension;
import org.gistsweep.testsupport.Tier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Security settings that do not fit the broker (here: the plaintext in-JVM broker) fail within
 * seconds with a message naming the setting, never a hang until the connect timeout.
 */
@Tag(Tier.BROKER)
@Tag(Tier.TRAINING)
class KafkaSecurityIT {
  @RegisterExtension static final KafkaBrokerExtension BROKER = new KafkaBrokerExtension();

  /** Far longer than the failures may take: they must not wait for it. */
  private static final String CONNECT_TIMEOUT = "60";

  @TempDir Path dir;

  private record Result(int code, String err, long millis) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    long start = System.nanoTime();
    int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> cli.execute(args));
    return new Result(code, err.toString(), (System.nanoTime() - start) / 1_000_000);
  }

  @Test
  void thePlaintextBrokerAnswersWithoutSecuritySettings() {
    BrokerProbe.awaitReachable(BROKER.bootstrap(), Duration.ofSeconds(20), Map.of());
  }

  @Test
  void tlsAgainstAPlaintextListenerFailsWithinSeconds() throws Exception {
    Path ssl = Files.writeString(dir.resolve("ssl.properties"), "security.protocol=SSL\n");
    for (String command : new String[] {"worker", "orchestrator"}) {
      Result r =
          run(
              command,
              "--bootstrap",
              BROKER.bootstrap(),
              "--kafka-config",
              ssl.toString(),
              "--connect-timeout",
              CONNECT_TIMEOUT);
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
      assertThat(r.err())
          .startsWith("error: Kafka broker at " + BROKER.bootstrap())
          .contains("security.protocol=SSL", "does not match its listener", "PLAINTEXT");
      assertThat(r.millis()).as(command + " failed promptly").isLessThan(10_000);
    }
  }

  @Test
  void saslAgainstAPlaintextListenerIsRefusedWithinSeconds() throws Exception {
    Path sasl =
        Files.writeString(
            dir.resolve("sasl.properties"),
            "security.protocol=SASL_PLAINTEXT\n"
                + "sasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                + " required username=\"u\" password=\"secret-pw\";\n");
    Path spec = Files.writeString(dir.resolve("sweep.yaml"), "budget: {trials: 1}\n");
    Result r =
        run(
            "run",
            spec.toString(),
            "--bootstrap",
            BROKER.bootstrap(),
            "--kafka-config",
            sasl.toString(),
            "--connect-timeout",
            CONNECT_TIMEOUT);
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err())
        .contains(
            "refused the connection's security handshake",
            "security.protocol=SASL_PLAINTEXT",
            "sasl.jaas.config")
        .doesNotContain("secret-pw");
    assertThat(r.millis()).isLessThan(10_000);
  }
}
