package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VtabRecipeTest {
  @Test
  void vtabRecipeFillsTheTableValuesUnlessGiven() {
    TrainingSettings s =
        TrainingSettings.resolve(Map.of("recipe", "vtab", "task", "clevr_dist"), Map.of());
    assertThat(s.lr()).isEqualTo(5e-2);
    assertThat(s.weightDecay()).isEqualTo(5e-2);
    assertThat(s.dropPath()).isEqualTo(0.1);

    TrainingSettings own =
        TrainingSettings.resolve(Map.of("recipe", "vtab", "task", "eurosat"), Map.of("lr", 0.1));
    assertThat(own.lr()).isEqualTo(0.1);
    assertThat(own.weightDecay()).isEqualTo(5e-2);
    assertThat(own.dropPath()).isEqualTo(0.2);
    assertThat(TrainingSettings.resolve(own.toMap(), Map.of())).isEqualTo(own);
  }

  @Test
  void noRecipeKeepsDefaultsAndUnknownTaskIsNamed() {
    TrainingSettings s = TrainingSettings.resolve(Map.of("task", "svhn"), Map.of());
    assertThat(s.lr()).isEqualTo(5e-3);
    assertThat(s.recipe()).isEqualTo("none");
    assertThat(s.promptLength()).isEqualTo(10);
    assertThatThrownBy(
            () -> TrainingSettings.resolve(Map.of("recipe", "vtab", "task", "mnist"), Map.of()))
        .hasMessageContaining("mnist")
        .hasMessageContaining("smallnorb_ele");
  }

  @Test
  void newPeftMethodsHaveWireNames() {
    assertThat(PeftMethod.fromWireName("sequential_adapter"))
        .contains(PeftMethod.SEQUENTIAL_ADAPTER);
    assertThat(PeftMethod.fromWireName("vpt_shallow")).contains(PeftMethod.VPT_SHALLOW);
    assertThat(PeftMethod.fromWireName("vpt_deep")).contains(PeftMethod.VPT_DEEP);
    assertThat(PeftMethod.fromWireName("ssf")).contains(PeftMethod.SSF);
  }
}
