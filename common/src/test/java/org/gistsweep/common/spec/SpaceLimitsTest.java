package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a space may hold: ranges whose size fits (ints within ±2^53, at most 2^53 float steps, a
 * finite width), and bounded numbers of parameters, choices and condition values, each refused
 * naming the field, without any cost in proportion to a range.
 */
class SpaceLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SearchSpace space(String json) throws Exception {
    return SpaceParser.parse(JSON.readTree(json), "space");
  }

  private static void assertRejected(String json, String field, String fragment) {
    assertThatThrownBy(() -> space(json))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(fragment);
  }

  @Test
  void intEndsBeyondTwoToTheFiftyThreeAreRefusedSoTheSizeNeverOverflows() throws Exception {
    // 2^62 values, and a range wider than 2^63 whose size wrapped to a negative (or a small) long
    assertRejected(
        "{\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 4611686018427387904}}",
        "space.x.high",
        "2^53");
    assertRejected(
        "{\"x\": {\"type\": \"int\", \"low\": -4611686018427387904, \"high\":"
            + " 4611686019501129728}}",
        "space.x.low",
        "2^53");
    assertRejected(
        "{\"x\": {\"type\": \"int\", \"low\": 0, \"high\": 1e30}}", "space.x.high", "64-bit");

    long max = IntDistribution.MAX_MAGNITUDE;
    IntDistribution widest =
        (IntDistribution)
            space("{\"x\": {\"type\": \"int\", \"low\": " + -max + ", \"high\": " + max + "}}")
                .parameters()
                .get(0)
                .distribution();
    assertThat(widest.size()).isEqualTo(2 * max + 1);
  }

  @Test
  void floatRangesMustHaveAFiniteWidthAndAtMostTwoToTheFiftyThreeSteps() {
    assertRejected(
        "{\"x\": {\"type\": \"float\", \"low\": -1e308, \"high\": 1e308}}",
        "space.x.high",
        "wider than a double");
    assertRejected(
        "{\"x\": {\"type\": \"float\", \"low\": 0, \"high\": 1, \"step\": 1e-300}}",
        "space.x.step",
        "2^53");
    assertThat(new FloatDistribution(0, 1, false, 1e-15).step()).isEqualTo(1e-15);
  }

  @Test
  void aSpaceHoldsAtMostAThousandParameters() throws Exception {
    ObjectNode many = JSON.createObjectNode();
    for (int i = 0; i <= SpaceParser.MAX_PARAMETERS; i++) {
      many.putObject("p" + i).put("type", "categorical").putArray("choices").add(1);
    }
    assertThatThrownBy(() -> SpaceParser.parse(many, "space"))
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.field()).isEqualTo("space"))
        .hasMessageContaining("has 1001 parameters; at most 1000");
    many.remove("p0");
    assertThat(SpaceParser.parse(many, "space").parameters()).hasSize(SpaceParser.MAX_PARAMETERS);
  }

  @Test
  void aCategoricalHoldsAtMostTenThousandChoices() throws Exception {
    ObjectNode def = JSON.createObjectNode().put("type", "categorical");
    ArrayNode choices = def.putArray("choices");
    for (int i = 0; i <= CategoricalDistribution.MAX_CHOICES; i++) {
      choices.add(i);
    }
    ObjectNode root = JSON.createObjectNode().set("c", def);
    assertThatThrownBy(() -> SpaceParser.parse(root, "space"))
        .isInstanceOfSatisfying(
            SpecException.class, e -> assertThat(e.field()).isEqualTo("space.c.choices"))
        .hasMessageContaining("at most 10000");
  }

  @Test
  void conditionsListAtMostAThousandValuesAndAreCheckedByLookupNotByScan() throws Exception {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode choices = root.putObject("c").put("type", "categorical").putArray("choices");
    for (int i = 0; i < CategoricalDistribution.MAX_CHOICES; i++) {
      choices.add(i);
    }
    ArrayNode listed =
        root.putObject("x")
            .put("type", "float")
            .put("low", 0)
            .put("high", 1)
            .putObject("when")
            .putArray("c");
    for (int i = 0; i < SpaceParser.MAX_WHEN_VALUES; i++) {
      listed.add(
          (double) (CategoricalDistribution.MAX_CHOICES - 1 - i)); // 9999.0 matches the choice 9999
    }
    // 900 conditions of a thousand values over ten thousand choices: scanning the choices for each
    // value took 30 s
    for (int p = 0; p < 900; p++) {
      root.set("y" + p, root.get("x").deepCopy());
    }
    SearchSpace parsed =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SpaceParser.parse(root, "space"));
    assertThat(parsed.byName().get("y7").isActive(Map.of("c", 9999L))).isTrue();
    assertThat(parsed.byName().get("y7").isActive(Map.of("c", 0L))).isFalse();

    listed.add(0);
    assertThatThrownBy(() -> SpaceParser.parse(root, "space"))
        .isInstanceOfSatisfying(
            SpecException.class, e -> assertThat(e.field()).isEqualTo("space.x.when.c"))
        .hasMessageContaining("more than 1000 values");
  }

  @Test
  void aConditionOnAValueOutsideTheChoicesIsStillRefused() {
    assertRejected(
        "{\"c\": {\"type\": \"categorical\", \"choices\": [1, \"a\", true]}, \"x\": {\"type\":"
            + " \"float\", \"low\": 0, \"high\": 1, \"when\": {\"c\": [1.0, \"b\"]}}}",
        "space.x.when.c",
        "'b'");
    assertThat(
            new ParameterSpec("x", new FloatDistribution(0, 1, false, 0), Map.of("c", List.of(1.0)))
                .isActive(Map.of("c", 1L)))
        .isTrue();
  }
}
