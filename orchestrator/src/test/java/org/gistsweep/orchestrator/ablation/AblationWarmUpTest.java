package org.gistsweep.orchestrator.ablation;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class AblationWarmUpTest {

  @Test
  void buildsAndRendersAWholeTable() {
    String rendered = AblationWarmUp.run();
    JsonObject table = new JsonObject(rendered);
    assertThat(table.getString("by")).isEqualTo("gist");
    assertThat(table.getJsonArray("lines")).hasSize(200);
    assertThat(table.getInteger("lines_total")).isGreaterThan(200);
    assertThat(table.getJsonObject("excluded").getInteger("PRUNED"))
        .isEqualTo(AblationWarmUp.TRIALS / 4);
    assertThat(AblationWarmUp.run()).as("the same work every time").isEqualTo(rendered);
  }
}
