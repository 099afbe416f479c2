package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.gistsweep.orchestrator.study.Study;
import org.gistsweep.orchestrator.testing.Events;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.junit.jupiter.api.Test;

class StudyJsonTest {
  @Test
  void studyJsonHasTheDocumentedShape() throws Exception {
    Study s =
        new Study("demo-1", TestSpecs.random(3, 2, 3, 3), Long.MAX_VALUE, MutableClock.fixed());
    s.createTrial(0, Map.of("lr", 0.01, "adapter_dim", 4L), Map.of("epochs", 3));
    s.createTrial(1, Map.of("lr", 0.02, "adapter_dim", 8L), Map.of("epochs", 3));
    s.apply(Events.started("demo-1", 0, 1, "w1"));
    s.apply(Events.epoch("demo-1", 0, 1, 1, 0.5, Double.NaN));
    s.apply(Events.epoch("demo-1", 0, 1, 2, 0.75));
    s.apply(Events.finished("demo-1", 0, 1, 0.75, 2));
    s.apply(Events.failed("demo-1", 1, 1, false));

    JsonNode json = new ObjectMapper().readTree(StudyJson.render(s.snapshot()).encode());

    assertThat(json.get("id").asText()).isEqualTo("demo-1");
    assertThat(json.get("name").asText()).isEqualTo("demo");
    assertThat(json.get("direction").asText()).isEqualTo("maximize");
    assertThat(json.get("metric").asText()).isEqualTo("val_top1");
    assertThat(json.get("state").asText()).isEqualTo("running");
    assertThat(json.get("best_trial").asInt()).isZero();
    assertThat(json.get("best_value").asDouble()).isEqualTo(0.75);
    assertThat(json.get("counts").get("COMPLETE").asInt()).isEqualTo(1);
    assertThat(json.get("counts").get("FAILED").asInt()).isEqualTo(1);
    assertThat(json.get("counts").get("WAITING").asInt()).isZero();
    assertThat(json.get("budget").get("max_attempts").asInt()).isEqualTo(3);

    JsonNode t0 = json.get("trials").get(0);
    assertThat(t0.get("number").asInt()).isZero();
    assertThat(t0.get("state").asText()).isEqualTo("COMPLETE");
    assertThat(t0.get("params").get("adapter_dim").asLong()).isEqualTo(4);
    assertThat(t0.get("value").asDouble()).isEqualTo(0.75);
    assertThat(t0.get("best_epoch").asInt()).isEqualTo(2);
    assertThat(t0.get("last_value").asDouble()).isEqualTo(0.75);
    assertThat(t0.get("current_epoch").asInt()).isEqualTo(2);
    assertThat(t0.get("total_epochs").asInt()).isEqualTo(3);
    assertThat(t0.get("trainable_params").asLong()).isEqualTo(1000);
    assertThat(t0.get("total_params").asLong()).isEqualTo(5_000_000);
    assertThat(t0.get("gist_params").asLong()).isEqualTo(192);
    assertThat(t0.get("worker").asText()).isEqualTo("w1");
    assertThat(t0.get("attempt").asInt()).isEqualTo(1);
    assertThat(t0.get("error").isNull()).isTrue();
    assertThat(t0.get("created_at").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(t0.get("started_at").asText()).isEqualTo("2025-01-01T00:00:00Z");
    assertThat(t0.get("finished_at").asText()).isEqualTo("2025-01-01T00:00:00Z");
    JsonNode e1 = t0.get("epochs").get(0);
    assertThat(e1.fieldNames())
        .toIterable()
        .containsExactly(
            "epoch",
            "train_loss",
            "ce_cls",
            "ce_gist",
            "kl_cls_gist",
            "kl_gist_cls",
            "val_top1",
            "lr",
            "epoch_seconds",
            "images_per_second");
    assertThat(e1.get("train_loss").isNull()).as("NaN becomes null").isTrue();
    assertThat(e1.get("val_top1").asDouble()).isEqualTo(0.5);

    JsonNode t1 = json.get("trials").get(1);
    assertThat(t1.get("state").asText()).isEqualTo("FAILED");
    assertThat(t1.get("value").isNull()).isTrue();
    assertThat(t1.get("trainable_params").isNull()).isTrue();
    assertThat(t1.get("error").get("type").asText()).isEqualTo("diverged");
    assertThat(t1.get("error").get("retriable").asBoolean()).isFalse();
    assertThat(t1.get("started_at").isNull()).isTrue();

    assertThat(StudyJson.render(s.snapshot()).encodePrettily()).contains("\n  \"trials\" : [");
  }
}
