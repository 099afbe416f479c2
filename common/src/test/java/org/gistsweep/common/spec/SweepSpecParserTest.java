package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepSpecParserTest {
  private static final String FULL =
      """
      name: kl-sweep
      objective: {metric: val_top1, direction: maximize}
      budget: {trials: 12, parallel: 2, epochs: 4}
      sampler: {type: random, seed: 7}
      training: {task: synthetic-shapes, batch_size: 32}
      space:
        lr:        {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
        kl_weight: {type: float, low: 0.0, high: 2.0}
        epochs:    {type: int, low: 2, high: 8, step: 2}
        gist_init: {type: categorical, choices: [uniform, zeros, normal, cls, mean_patch]}
        peft:      {type: categorical, choices: [adapter, lora]}
        lora_rank: {type: int, low: 1, high: 16, log: true, when: {peft: lora}}
      """;

  private static SweepSpec parse(String yaml) {
    return SweepSpecParser.parse(yaml, "sweep.yaml", "fallback");
  }

  private static void assertRejected(String yaml, String... fragments) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContainingAll(fragments);
  }

  @Test
  void parsesTheDocumentedSchema() {
    SweepSpec spec = parse(FULL);
    assertThat(spec.name()).isEqualTo("kl-sweep");
    assertThat(spec.objective()).isEqualTo(new Objective("val_top1", Direction.MAXIMIZE));
    assertThat(spec.budget()).isEqualTo(new Budget(12, 2, 4, 3));
    assertThat(spec.sampler()).isEqualTo(new SamplerSpec("random", 7));
    assertThat(spec.training()).containsEntry("batch_size", 32).containsEntry("epochs", 4);
    Map<String, ParameterSpec> p = spec.space().byName();
    assertThat(p.keySet())
        .containsExactly("lr", "kl_weight", "epochs", "gist_init", "peft", "lora_rank");
    assertThat(p.get("lr").distribution()).isEqualTo(new FloatDistribution(1e-4, 0.1, true, 0));
    assertThat(p.get("epochs").distribution()).isEqualTo(new IntDistribution(2, 8, false, 2));
    assertThat(p.get("lora_rank").when()).containsEntry("peft", List.of("lora"));
    assertThat(p.get("lora_rank").isActive(Map.of("peft", "lora"))).isTrue();
    assertThat(p.get("lora_rank").isActive(Map.of("peft", "adapter"))).isFalse();
  }

  @Test
  void defaultsKeepAMinimalFileShort() {
    SweepSpec spec = parse("space: {lr: {type: float, low: 0.001, high: 0.01}}");
    assertThat(spec.name()).isEqualTo("fallback");
    assertThat(spec.objective().direction()).isEqualTo(Direction.MAXIMIZE);
    assertThat(spec.budget().trials()).isEqualTo(10);
    assertThat(spec.sampler().type()).isEqualTo("random");
  }

  @Test
  void retainKeepsTheBestFiveByDefaultAndTakesAnyCountFromZero() {
    assertThat(parse(FULL).retain()).isEqualTo(Retention.DEFAULT).isEqualTo(new Retention(5));
    assertThat(parse(FULL + "retain: {best: 2}\n").retain().best()).isEqualTo(2);
    assertThat(parse(FULL + "retain: {best: 0}\n").retain().best()).isZero();
    assertThat(parse(FULL + "retain: {}\n").retain()).isEqualTo(Retention.DEFAULT);
  }

  @Test
  void aBadRetainNamesItsFieldAndTheFix() {
    assertRejected(FULL + "retain: 3\n", "retain", "must be a mapping like {best: 5}");
    assertRejected(
        FULL + "retain: {best: -1}\n",
        "retain.best",
        "must be a whole number >= 0 (0 keeps no trial's weights), got -1");
    assertRejected(
        FULL + "retain: {best: 1.5}\n", "retain.best", "must be a whole number, got 1.5");
    assertRejected(FULL + "retain: {best: two}\n", "retain.best", "must be a number");
    assertRejected(
        FULL + "retain: {last: 2}\n", "retain.last", "unknown key; allowed keys here: best");
  }

  @Test
  void settingsForOverlaysTrialParamsOnFixedTraining() {
    SweepSpec spec = parse(FULL);
    TrainingSettings s =
        spec.settingsFor(Map.of("lr", 0.02, "kl_weight", 1.5, "peft", "lora", "lora_rank", 4L));
    assertThat(s.lr()).isEqualTo(0.02);
    assertThat(s.klClsGistWeight()).isEqualTo(1.5);
    assertThat(s.klGistClsWeight()).isEqualTo(1.5);
    assertThat(s.peft()).isEqualTo(PeftMethod.LORA);
    assertThat(s.loraRank()).isEqualTo(4);
    assertThat(s.batchSize()).isEqualTo(32);
    assertThat(s.epochs()).isEqualTo(4);
  }

  @Test
  void unknownKeysAreNamedWithTheAllowedOnes() {
    assertRejected("nmae: x", "nmae", "unknown key", "allowed keys");
    assertRejected("budget: {trails: 3}", "budget.trails", "unknown key", "trials");
    assertRejected(
        "training: {learning_rate: 0.1}",
        "training.learning_rate",
        "unknown training setting",
        "lr");
    assertRejected(
        "space: {lr: {type: float, low: 0.1, high: 1, lg: true}}", "space.lr.lg", "unknown key");
    assertRejected(
        "space: {colour: {type: float, low: 0.1, high: 1}}",
        "space.colour",
        "not a training setting");
  }

  @Test
  void resumeSettingsAreCheckedInTheSweepFile() {
    assertThat(parse("training: {resume: false, resume_every: 5}").training())
        .containsEntry("resume", false)
        .containsEntry("resume_every", 5);
    assertRejected("training: {resume_every: 0}", "training.resume_every", "0", "1");
    assertRejected("training: {resume_every: 1.5}", "training.resume_every", "whole number");
    assertRejected("training: {resume: 1}", "training.resume", "true or false");
  }

  @Test
  void emptyAndInvertedRangesSayHowToFixThem() {
    assertRejected(
        "space: {lr: {type: float, low: 0.1, high: 0.01}}",
        "space.lr.low",
        "inverted range",
        "swap");
    assertRejected(
        "space: {lr: {type: float, low: 0.1, high: 0.1}}", "space.lr.high", "empty range");
    assertRejected(
        "space: {lr: {type: float, low: 0.0, high: 0.1, log: true}}", "space.lr.low", "log-scale");
    assertRejected(
        "space: {gist_init: {type: categorical, choices: []}}",
        "space.gist_init.choices",
        "at least one");
    assertRejected("space: {epochs: {type: int, low: 9, high: 2}}", "space.epochs.low", "inverted");
  }

  @Test
  void unknownPeftMethodIsNamed() {
    assertRejected(
        "space: {peft: {type: categorical, choices: [adapter, prefix_tuning]}}",
        "space.peft.choices[1]",
        "unknown PEFT method 'prefix_tuning'",
        "adapter");
    assertRejected(
        "training: {peft: prefix_tuning}", "training.peft", "unknown PEFT method", "lora");
  }

  @Test
  void valuesOutsideASettingsRangeAndWrongTypesAreRejected() {
    assertRejected(
        "space: {gist_dropout: {type: float, low: 0.0, high: 1.5}}",
        "space.gist_dropout.high",
        "out of range");
    assertRejected(
        "space: {batch_size: {type: float, low: 8, high: 64}}",
        "space.batch_size.type",
        "whole numbers");
    assertRejected(
        "space: {gist_init: {type: categorical, choices: [uniform, fancy]}}",
        "space.gist_init.choices[1]",
        "fancy");
    assertRejected(
        "training: {lr: 0.1}\nspace: {lr: {type: float, low: 0.001, high: 0.1}}",
        "space.lr",
        "both");
  }

  @Test
  void conditionsMustNameAnEarlierParameterAndAValueInItsRange() {
    assertRejected(
        "space: {lora_rank: {type: int, low: 1, high: 8, when: {peft: lora}}}",
        "space.lora_rank.when.peft",
        "declared above");
    assertRejected(
        "space:\n"
            + "  peft: {type: categorical, choices: [adapter, lora]}\n"
            + "  lora_rank: {type: int, low: 1, high: 8, when: {peft: bitfit}}",
        "space.lora_rank.when.peft",
        "bitfit");
  }

  @Test
  void badYamlNamesTheLine() {
    assertRejected("name: x\nspace: {lr: [1, 2\n", "sweep.yaml", "not valid YAML", "line");
  }

  @Test
  void budgetAndSamplerAreChecked() {
    assertRejected("budget: {trials: 0}", "budget.trials", ">= 1");
    assertRejected("sampler: {type: bayes}", "sampler.type", "unknown sampler", "random");
    assertRejected("objective: {direction: upward}", "objective.direction", "maximize or minimize");
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "space: {lr: {type: float, low: 1, high: 0.5}}");
    assertThatThrownBy(() -> SweepSpecParser.parse(file))
        .hasMessageStartingWith(file + ": space.lr.low");
    assertThatThrownBy(() -> SweepSpecParser.parse(dir.resolve("missing.yaml")))
        .hasMessageContaining("file not found");
    Path good = dir.resolve("my-sweep.yml");
    Files.writeString(good, "budget: {trials: 2}");
    assertThat(SweepSpecParser.parse(good).name()).isEqualTo("my-sweep");
  }
}
