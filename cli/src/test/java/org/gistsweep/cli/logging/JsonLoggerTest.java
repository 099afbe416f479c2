package org.gistsweep.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class JsonLoggerTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final BasicMDCAdapter mdc = new BasicMDCAdapter();
  private final JsonLogger log =
      new JsonLogger(
          "org.gistsweep.x", Level.INFO, new PrintStream(bytes, true, StandardCharsets.UTF_8), mdc);

  private JsonNode[] lines() throws Exception {
    String[] raw = bytes.toString(StandardCharsets.UTF_8).split("\n");
    JsonNode[] out = new JsonNode[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = new ObjectMapper().readTree(raw[i]);
    }
    return out;
  }

  @Test
  void oneObjectPerLineWithTheTrialContextAsFields() throws Exception {
    mdc.put("study", "s-1");
    mdc.put("trial", "3");
    mdc.put("attempt", "2");
    mdc.put("worker", "w \"quoted\"");
    log.info("trial {} started: {}", 3, "{\"lr\": 0.1}\nsecond line");
    mdc.clear();
    log.debug("not shown at INFO");
    log.atWarn().addKeyValue("study", "s-2").log("plain");

    JsonNode[] lines = lines();
    assertThat(lines).hasSize(2);
    JsonNode first = lines[0];
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("org.gistsweep.x");
    assertThat(first.get("message").asText())
        .isEqualTo("trial 3 started: {\"lr\": 0.1}\nsecond line");
    assertThat(first.get("study").asText()).isEqualTo("s-1");
    assertThat(first.get("trial").isInt() && first.get("trial").asInt() == 3).isTrue();
    assertThat(first.get("attempt").asInt()).isEqualTo(2);
    assertThat(first.get("worker").asText()).isEqualTo("w \"quoted\"");
    assertThat(first.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(first.has("thread")).isTrue();
    assertThat(lines[1].get("study").asText()).isEqualTo("s-2");
    assertThat(lines[1].has("trial")).isFalse();
  }

  @Test
  void anExceptionBecomesTheErrorField() throws Exception {
    log.error("failed: {}", "x", new IllegalStateException("boom"));
    JsonNode line = lines()[0];
    assertThat(line.get("message").asText()).isEqualTo("failed: x");
    assertThat(line.get("error").asText())
        .startsWith("java.lang.IllegalStateException: boom")
        .contains("\tat ");
  }

  @Test
  void levelsFollowTheSimpleLoggerSettings() {
    LogLevels levels = LogLevels.load();
    assertThat(levels.levelOf("org.apache.kafka.clients.NetworkClient")).isEqualTo(Level.ERROR);
    assertThat(levels.levelOf("org.apache.kafka.clients.consumer.KafkaConsumer"))
        .isEqualTo(Level.WARN);
    assertThat(levels.levelOf("com.example.Anything")).isEqualTo(Level.INFO);
  }
}
