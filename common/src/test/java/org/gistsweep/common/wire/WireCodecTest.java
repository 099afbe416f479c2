package org.gistsweep.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {
  private static final int V = WireMessage.SCHEMA_VERSION;

  static Stream<WireMessage> everyMessageType() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("lr", 0.003);
    params.put("gist_init", "zeros");
    params.put("adapter_dim", 8L);
    params.put("gist", true);
    Map<String, Object> config = new LinkedHashMap<>(params);
    config.put("task", "synthetic-shapes");
    return Stream.of(
        new TrialAssignment(V, "s-1", 3, 1, 1000L, params, config),
        new TrialStarted(V, "s-1", 3, 1, 1001L, "w-1", 1234, 99999, 96, "cpu()"),
        new EpochMetrics(
            V, "s-1", 3, 1, 1002L, "w-1", 2, 1.5, 1.1, 1.2, 0.01, 0.02, 0.61, 0.004, 3.2, 250.0),
        new Heartbeat(V, "s-1", 3, 2, 1003L, "w-2"),
        new TrialFinished(
            V, "s-1", 3, 2, 1004L, "w-2", TrialFinished.COMPLETE, 0.7, 2, 0.65, 3, 1234, 99999),
        new TrialFailed(
            V, "s-1", 4, 1, 1005L, "w-1", "diverged", "diverged at epoch 2, step 7", false),
        new TrialControl(V, "s-1", 5, 1, 1006L, TrialControl.PRUNE, "below median at epoch 2"),
        new TrialControl(V, "s-1", 5, 1, 1007L, TrialControl.CONTINUE, "", 3),
        new TrialAssignment(V, "s-1", 4, 2, 1008L, params, config, true),
        new TrialSuspended(
            V,
            "s-1",
            3,
            1,
            1009L,
            "w-1",
            2,
            checkpoint("s-1", 3, 1, 2),
            TrialSuspended.ON_REQUEST,
            null));
  }

  private static ArtifactRef checkpoint(String study, int trial, int attempt, int epoch) {
    String name = ArtifactRef.checkpointName(epoch);
    return new ArtifactRef(
        name, ArtifactRef.keyOf(study, trial, attempt, name), 4096, "cd".repeat(32));
  }

  /** Every message type that carries an attempt token, with one. */
  static Stream<WireMessage> everyMessageTypeWithAToken() {
    String token = AttemptTokens.of(AttemptTokens.newSecret(), "s-1", 3, 1);
    return Stream.of(
        new TrialAssignment(
            V, "s-1", 3, 1, 1000L, Map.of("lr", 0.003), Map.of("epochs", 2L), true, token),
        new TrialStarted(V, "s-1", 3, 1, 1001L, "w-1", 1234, 99999, 96, "cpu()", token),
        new EpochMetrics(
            V, "s-1", 3, 1, 1002L, "w-1", 2, 1.5, 1.1, 1.2, 0.01, 0.02, 0.61, 0.004, 3.2, 250.0,
            token),
        new Heartbeat(V, "s-1", 3, 1, 1003L, "w-1", token),
        new TrialFinished(
            V,
            "s-1",
            3,
            1,
            1004L,
            "w-1",
            TrialFinished.COMPLETE,
            0.7,
            2,
            0.65,
            3,
            1234,
            99999,
            token),
        new TrialFailed(
            V, "s-1", 3, 1, 1005L, "w-1", "diverged", "diverged at epoch 2, step 7", false, token),
        new TrialSuspended(
            V,
            "s-1",
            3,
            1,
            1006L,
            "w-1",
            2,
            checkpoint("s-1", 3, 1, 2),
            TrialSuspended.AT_RUNG,
            token));
  }

  @Test
  void resumeFieldsRoundTripAndAreOmittedWhenUnused() {
    ResumePoint from = ResumePoint.of(checkpoint("s-1", 3, 1, 4), 4, 1);
    TrialAssignment resumed =
        new TrialAssignment(
            V,
            "s-1",
            3,
            2,
            1000L,
            Map.of(),
            Map.of(),
            true,
            "t",
            new AssignedObjective("val_top1", "maximize"),
            from,
            9);
    String json = new String(WireCodec.encode(resumed), StandardCharsets.UTF_8);
    assertThat(json)
        .contains(
            "\"resume_from\":{\"key\":\"s-1/3/1/checkpoint-4.safetensors\"",
            "\"pause_after_epoch\":9");
    assertThat(WireCodec.decode(json)).isEqualTo(resumed);
    assertThat(resumed.firstEpoch()).isEqualTo(5);
    TrialAssignment plain =
        new TrialAssignment(V, "s-1", 3, 1, 1000L, Map.of(), Map.of(), true, "t", null);
    assertThat(new String(WireCodec.encode(plain), StandardCharsets.UTF_8))
        .doesNotContain("resume_from")
        .doesNotContain("pause_after");
    assertThat(plain.firstEpoch()).isEqualTo(1);
    EpochMetrics withCheckpoint =
        new EpochMetrics(
            V,
            "s-1",
            3,
            1,
            1002L,
            "w-1",
            4,
            1.5,
            1.1,
            1.2,
            0.01,
            0.02,
            0.61,
            0.004,
            3.2,
            250.0,
            "t",
            checkpoint("s-1", 3, 1, 4));
    assertThat(WireCodec.decode(WireCodec.encode(withCheckpoint))).isEqualTo(withCheckpoint);
    TrialStarted refused =
        new TrialStarted(
            V,
            "s-1",
            3,
            2,
            1001L,
            "w-1",
            1234,
            99999,
            96,
            "cpu()",
            "t",
            0,
            "checkpoint s-1/3/1/checkpoint-4.safetensors: sha256 mismatch");
    assertThat(WireCodec.decode(WireCodec.encode(refused))).isEqualTo(refused);
    assertThat(
            new String(
                WireCodec.encode(new TrialStarted(V, "s", 0, 1, 1L, "w", 1, 2, 0, "cpu()", "t")),
                StandardCharsets.UTF_8))
        .doesNotContain("resumed_from_epoch")
        .doesNotContain("resume_refused");
    assertThatThrownBy(
            () ->
                new TrialAssignment(
                    V, "s-1", 3, 2, 1000L, Map.of(), Map.of(), true, "t", null, from, 4))
        .hasMessageContaining("not after the resumed epoch");
    assertThatThrownBy(
            () ->
                new TrialSuspended(
                    V,
                    "s-1",
                    3,
                    1,
                    1L,
                    "w",
                    3,
                    checkpoint("s-1", 3, 1, 2),
                    TrialSuspended.AT_RUNG,
                    "t"))
        .hasMessageContaining("checkpoint-3.safetensors");
    assertThat(
            new TrialControl(V, "s-1", 3, 1, 1L, TrialControl.SUSPEND, "a person asked").action())
        .isEqualTo("suspend");
  }

  @ParameterizedTest
  @MethodSource("everyMessageTypeWithAToken")
  void everyMessageTypeRoundTripsWithItsAttemptToken(WireMessage message) {
    byte[] json = WireCodec.encode(message);
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"attempt_token\":\"");
    assertThat(WireCodec.decode(json)).isEqualTo(message);
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void aMessageWithoutATokenIsWrittenAsBeforeTokensExisted(WireMessage message) {
    assertThat(new String(WireCodec.encode(message), StandardCharsets.UTF_8))
        .doesNotContain("attempt_token");
  }

  @Test
  void everyTokenCarryingTypeIsCovered() {
    List<Class<?>> covered =
        everyMessageTypeWithAToken().map(Object::getClass).<Class<?>>map(c -> c).toList();
    List<Class<?>> expected = new ArrayList<>(List.of(WorkerReport.class.getPermittedSubclasses()));
    expected.add(TrialAssignment.class);
    assertThat(new HashSet<>(covered)).containsExactlyInAnyOrderElementsOf(expected);
  }

  @ParameterizedTest
  @MethodSource("everyMessageType")
  void everyMessageTypeRoundTrips(WireMessage message) {
    WireMessage decoded = WireCodec.decode(WireCodec.encode(message));
    assertThat(decoded).isEqualTo(message);
  }

  @Test
  void everyPermittedSubtypeIsCoveredByTheRoundTripTest() {
    List<Class<?>> covered =
        everyMessageType().map(Object::getClass).<Class<?>>map(c -> c).toList();
    assertThat(new HashSet<>(covered))
        .containsExactlyInAnyOrderElementsOf(concreteTypes(WireMessage.class));
  }

  private static List<Class<?>> concreteTypes(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      if (c.isSealed()) {
        out.addAll(concreteTypes(c));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  @Test
  void aFinishRoundTripsWithItsArtifactsAndAnAssignmentWithItsObjective() {
    String sha = "ab".repeat(32);
    TrialFinished finished =
        new TrialFinished(
            V,
            "s-1",
            3,
            1,
            1004L,
            "w-1",
            TrialFinished.COMPLETE,
            0.7,
            2,
            0.65,
            3,
            1234,
            99999,
            "t",
            List.of(
                new ArtifactRef("best.safetensors", "s-1/3/1/best.safetensors", 5200, sha),
                new ArtifactRef("best.json", "s-1/3/1/best.json", 800, sha)),
            null);
    String json = new String(WireCodec.encode(finished), StandardCharsets.UTF_8);
    assertThat(json)
        .contains(
            "\"artifacts\":[{\"name\":\"best.safetensors\",\"key\":\"s-1/3/1/best.safetensors\",\"size\":5200,")
        .doesNotContain("artifact_error");
    assertThat(WireCodec.decode(json)).isEqualTo(finished);
    TrialFinished failedUpload =
        new TrialFinished(
            V,
            "s-1",
            3,
            1,
            1004L,
            "w-1",
            TrialFinished.COMPLETE,
            0.7,
            2,
            0.65,
            3,
            1234,
            99999,
            "t",
            List.of(),
            "s3://b/p: put failed: the S3 endpoint cannot be reached");
    assertThat(WireCodec.decode(WireCodec.encode(failedUpload))).isEqualTo(failedUpload);
    TrialAssignment a =
        new TrialAssignment(
            V,
            "s-1",
            3,
            1,
            1000L,
            Map.of(),
            Map.of(),
            true,
            "t",
            new AssignedObjective("train_loss", "minimize"));
    assertThat(WireCodec.decode(WireCodec.encode(a))).isEqualTo(a);
    assertThat(new TrialAssignment(V, "s-1", 3, 1, 1000L, Map.of(), Map.of()).objectiveOrDefault())
        .isEqualTo(TrialAssignment.DEFAULT_OBJECTIVE);
  }

  @Test
  void anArtifactRefIsCheckedWhenDecoded() {
    String json =
        "{\"type\":\"trial_finished\",\"schema\":1,\"study\":\"s\",\"trial\":0,\"attempt\":1,\"sent_at\":5,"
            + "\"worker\":\"w\",\"outcome\":\"complete\",\"best_value\":0.5,\"best_epoch\":1,\"last_value\":0.5,\"epochs_run\":1,"
            + "\"artifacts\":[{\"name\":\"../x\",\"key\":\"s/0/1/../x\",\"size\":1,\"sha256\":\""
            + "0".repeat(64)
            + "\"}]}";
    assertThatThrownBy(() -> WireCodec.decode(json))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("artifact name");
    assertThatThrownBy(() -> new ArtifactRef("best.json", "s/0/1/other.json", 1, "0".repeat(64)))
        .hasMessageContaining("must end with");
    assertThatThrownBy(() -> new ArtifactRef("best.json", "s/0/1/best.json", 1, "XYZ"))
        .hasMessageContaining("sha256");
    assertThat(ArtifactRef.keyOf("s", 0, 2, "best.json")).isEqualTo("s/0/2/best.json");
    assertThat(new AssignedObjective("val_top1", "maximize").isBetter(0.6, Double.NaN)).isTrue();
    assertThat(new AssignedObjective("train_loss", "minimize").isBetter(0.6, 0.5)).isFalse();
  }

  @Test
  void encodesSnakeCaseWithTypeDiscriminatorAndHeader() {
    String json =
        new String(WireCodec.encode(new Heartbeat(V, "s", 0, 1, 5L, "w")), StandardCharsets.UTF_8);
    assertThat(json)
        .contains("\"type\":\"heartbeat\"", "\"schema\":1", "\"sent_at\":5", "\"study\":\"s\"");
  }

  @Test
  void ignoresUnknownFieldsForAdditiveChanges() {
    String json =
        "{\"type\":\"heartbeat\",\"schema\":1,\"study\":\"s\",\"trial\":0,\"attempt\":1,\"sent_at\":5,\"worker\":\"w\",\"gpu_temp\":71}";
    assertThat(WireCodec.decode(json)).isEqualTo(new Heartbeat(1, "s", 0, 1, 5L, "w"));
  }

  @Test
  void readsAMessageFromAnOlderWriterThatLacksALaterField() {
    String json =
        "{\"type\":\"trial_started\",\"schema\":1,\"study\":\"s\",\"trial\":2,\"attempt\":1,\"sent_at\":5,"
            + "\"worker\":\"w\",\"trainable_params\":10,\"total_params\":100,\"device\":\"cpu()\"}";
    assertThat(WireCodec.decode(json))
        .isEqualTo(new TrialStarted(1, "s", 2, 1, 5L, "w", 10, 100, 0, "cpu()"));
  }

  @Test
  void rejectsPoisonWithAReason() {
    assertThatThrownBy(() -> WireCodec.decode("not json at all"))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> WireCodec.decode(new byte[0])).hasMessageContaining("empty");
    assertThatThrownBy(() -> WireCodec.decode("[1,2]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(
            () ->
                WireCodec.decode(
                    "{\"type\":\"heartbeat\",\"schema\":9,\"study\":\"s\",\"trial\":0,\"attempt\":1,\"sent_at\":5,\"worker\":\"w\"}"))
        .hasMessageContaining("unsupported schema version 9");
    assertThatThrownBy(() -> WireCodec.decode("{\"type\":\"teleport\",\"schema\":1}"))
        .hasMessageContaining("invalid message");
    assertThatThrownBy(
            () ->
                WireCodec.decode(
                    "{\"type\":\"heartbeat\",\"schema\":1,\"study\":\"s\",\"trial\":-4,\"attempt\":1,\"sent_at\":5,\"worker\":\"w\"}"))
        .hasMessageContaining("trial must be >= 0");
    assertThatThrownBy(
            () ->
                WireCodec.decode(
                    "{\"type\":\"heartbeat\",\"schema\":1,\"study\":\"s\",\"trial\":1,\"sent_at\":5,\"worker\":\"w\"}"))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void keyGroupsATrialsMessages() {
    assertThat(new Heartbeat(V, "s-1", 7, 2, 0L, "w").key()).isEqualTo("s-1/7");
  }
}
