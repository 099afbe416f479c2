package org.gistsweep.orchestrator.importance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImportanceWarmUpTest {

  @Test
  void computesTheMadeUpStudyLikeARealOne() {
    ParameterImportance.Result result = ImportanceWarmUp.run();
    assertThat(result.trialsUsed()).isEqualTo(ImportanceWarmUp.TRIALS);
    assertThat(result.importance()).containsOnlyKeys("lr", "weight", "seed", "init");
    assertThat(result.importance().keySet().iterator().next())
        .as("the objective is driven by lr most")
        .isEqualTo("lr");
    assertThat(result.importance().get("seed"))
        .as("seed has no effect")
        .isLessThan(result.importance().get("init"));
    assertThat(ImportanceWarmUp.run()).isEqualTo(result);
  }
}
