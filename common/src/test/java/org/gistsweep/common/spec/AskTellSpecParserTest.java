package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;

class AskTellSpecParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void parsesFreeParameterNamesAndDirections() throws Exception {
    SweepSpec spec =
        AskTellSpecParser.parse(
            json(
                """
                {"name": "quad", "directions": ["maximize", "minimize"],
                 "space": {"x": {"type": "float", "low": -5, "high": 5}, "color": {"type": "categorical", "choices": ["r", "g"]}},
                 "sampler": {"type": "random", "seed": 7}, "pruner": {"type": "median", "n_startup_trials": 2}}
                """));
    assertThat(spec.name()).isEqualTo("quad");
    assertThat(spec.space().byName()).containsOnlyKeys("x", "color");
    assertThat(spec.objectives())
        .containsExactly(
            new Objective("value_0", Direction.MAXIMIZE),
            new Objective("value_1", Direction.MINIMIZE));
    assertThat(spec.pruner().nStartupTrials()).isEqualTo(2);
    assertThat(spec.budget().trials()).isEqualTo(Integer.MAX_VALUE);
    assertThat(spec.training()).isEmpty();
  }

  @Test
  void tellsAskTellFromSweepBodies() throws Exception {
    assertThat(
            AskTellSpecParser.isAskTell(json("{\"directions\": [\"minimize\"], \"budget\": {}}")))
        .isTrue();
    assertThat(AskTellSpecParser.isAskTell(json("{\"space\": {}}"))).isTrue();
    assertThat(AskTellSpecParser.isAskTell(json("{\"budget\": {\"trials\": 2}, \"space\": {}}")))
        .isFalse();
    assertThat(AskTellSpecParser.isAskTell(json("{\"training\": {}, \"space\": {}}"))).isFalse();
  }

  @Test
  void errorsNameTheField() {
    assertRejected("{\"directions\": []}", "directions", "non-empty");
    assertRejected("{\"directions\": [\"up\"]}", "directions[0]", "maximize or minimize");
    assertRejected("{\"directions\": [\"maximize\"], \"trials\": 0}", "trials", ">= 1");
    assertRejected("{\"directions\": [\"maximize\"], \"budget\": {}}", "budget", "unknown key");
    assertRejected("{\"pruner\": {\"type\": \"hyperband\"}}", "pruner.max_resource", "missing");
    assertRejected(
        "{\"space\": {\"x\": {\"type\": \"float\", \"low\": 1, \"high\": 0}}}",
        "space.x.low",
        "inverted");
  }

  private static void assertRejected(String body, String field, String fragment) {
    assertThatThrownBy(() -> AskTellSpecParser.parse(json(body)))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(fragment);
  }
}
