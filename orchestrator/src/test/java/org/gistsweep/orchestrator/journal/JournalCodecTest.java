package org.gistsweep.orchestrator.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.wire.AttemptTokens;
import org.gistsweep.common.wire.Heartbeat;
import org.junit.jupiter.api.Test;

class JournalCodecTest {
  @Test
  void everyEntryTypeRoundTrips() {
    List<JournalEntry> entries =
        List.of(
            new JournalEntry.StudyOpened(
                "s-1", 10, true, Map.of("name", "s", "directions", List.of("maximize"))),
            new JournalEntry.StudyOpened(
                "s-2", 10, false, Map.of("name", "s"), AttemptTokens.newSecret()),
            new JournalEntry.TrialCreated(
                "s-1", 11, 0, Map.of("lr", 0.01, "peft", "lora"), Map.of("epochs", 3)),
            new JournalEntry.TrialRejected(
                "s-1", 12, 1, Map.of("lr", 0.5), "invalid_config", "lr too high"),
            new JournalEntry.WorkerEvent("s-1", 13, new Heartbeat(1, "s-1", 0, 1, 13, "w1")),
            new JournalEntry.WorkerEvent(
                "s-2",
                13,
                new Heartbeat(
                    1,
                    "s-2",
                    0,
                    1,
                    13,
                    "w1",
                    AttemptTokens.of(AttemptTokens.newSecret(), "s-2", 0, 1))),
            new JournalEntry.Asked("s-1", 14, 2, Map.of("x", 1.5)),
            new JournalEntry.Reported("s-1", 15, 2, 3, List.of(0.7)),
            new JournalEntry.Told("s-1", 16, 2, "COMPLETE", List.of(0.8)));
    for (JournalEntry e : entries) {
      byte[] bytes = JournalCodec.encode(e);
      assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"schema\":1");
      assertThat(JournalCodec.decode(bytes)).isEqualTo(e);
    }
  }

  @Test
  void aStudySecretIsWrittenOnlyWhenThereIsOneAndNeverShownByToString() {
    String secret = AttemptTokens.newSecret();
    JournalEntry.StudyOpened withSecret =
        new JournalEntry.StudyOpened("s-1", 10, false, Map.of("name", "s"), secret);
    assertThat(new String(JournalCodec.encode(withSecret), StandardCharsets.UTF_8))
        .contains("\"secret\":\"" + secret + "\"");
    assertThat(withSecret.toString()).doesNotContain(secret).contains("secret=(hidden)");
    String old =
        "{\"entry\":\"study_opened\",\"study\":\"s-1\",\"at\":10,\"ask_tell\":false,\"spec\":{\"name\":\"s\"},\"schema\":1}";
    JournalEntry.StudyOpened decoded =
        (JournalEntry.StudyOpened) JournalCodec.decode(old.getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.secret()).as("a journal older than attempt tokens").isNull();
    assertThat(new String(JournalCodec.encode(decoded), StandardCharsets.UTF_8)).isEqualTo(old);
  }

  @Test
  void unreadableRecordsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> JournalCodec.decode("nope".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                JournalCodec.decode(
                    "{\"schema\":9,\"entry\":\"asked\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageContaining("run a newer orchestrator");
    assertThatThrownBy(
            () ->
                JournalCodec.decode(
                    "{\"schema\":1,\"entry\":\"teleported\",\"study\":\"s\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(JournalFormatException.class)
        .hasMessageContaining("invalid entry");
  }
}
