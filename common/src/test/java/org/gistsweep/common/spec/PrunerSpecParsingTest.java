package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.gistsweep.common.trial.Direction;
import org.junit.jupiter.api.Test;

class PrunerSpecParsingTest {
  private static SweepSpec parse(String yaml) {
    return SweepSpecParser.parse(yaml, "sweep.yaml", "fallback");
  }

  private static void assertRejected(String yaml, String... fragments) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(SpecException.class)
        .hasMessageContainingAll(fragments);
  }

  @Test
  void noPrunerBlockMeansNone() {
    SweepSpec spec = parse("budget: {trials: 2}");
    assertThat(spec.pruner()).isEqualTo(PrunerSpec.NONE);
    assertThat(spec.pruner().enabled()).isFalse();
  }

  @Test
  void parsesEachTypeWithItsOptions() {
    assertThat(parse("pruner: {type: asha, min_resource: 2, reduction_factor: 4}").pruner())
        .isEqualTo(new PrunerSpec("asha", 5, 0, 1, 50.0, 2, 4, 0, 0));
    assertThat(parse("pruner: {type: median, n_startup_trials: 3, n_warmup_steps: 1}").pruner())
        .isEqualTo(new PrunerSpec("median", 3, 1, 1, 50.0, 1, 3, 0, 0));
    assertThat(parse("pruner: {type: percentile, percentile: 25}").pruner().percentile())
        .isEqualTo(25.0);
    assertThat(parse("pruner: {type: hyperband, max_resource: 9}").pruner().maxResource())
        .isEqualTo(9);
    assertThat(parse("pruner: median").pruner()).isEqualTo(PrunerSpec.defaults("median"));
  }

  @Test
  void errorsNameTheFieldAndTheFix() {
    assertRejected("pruner: {type: sha}", "pruner.type", "unknown pruner 'sha'", "asha");
    assertRejected(
        "pruner: {type: median, reduction_factor: 3}",
        "pruner.reduction_factor",
        "unknown key",
        "n_warmup_steps");
    assertRejected("pruner: {type: asha, reduction_factor: 1}", "pruner.reduction_factor", ">= 2");
    assertRejected("pruner: {type: percentile}", "pruner.percentile", "missing");
    assertRejected("pruner: {type: percentile, percentile: 120}", "pruner.percentile", "[0, 100]");
    assertRejected(
        "pruner: {type: hyperband, min_resource: 3, max_resource: 2}",
        "pruner.max_resource",
        ">= min_resource");
    assertRejected("pruner: {type: median, n_warmup_steps: -1}", "pruner.n_warmup_steps", ">= 0");
    assertRejected("pruner: [asha]", "pruner", "mapping");
  }

  @Test
  void objectivesListIsAnAlternativeToObjective() {
    SweepSpec spec =
        parse(
            "objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params,"
                + " direction: minimize}]");
    assertThat(spec.objectives())
        .containsExactly(
            new Objective("val_top1", Direction.MAXIMIZE),
            new Objective("trainable_params", Direction.MINIMIZE));
    assertThat(spec.objective()).isEqualTo(spec.objectives().get(0));
    assertThat(spec.isMultiObjective()).isTrue();
    assertThat(spec.directions()).containsExactly(Direction.MAXIMIZE, Direction.MINIMIZE);
    assertThat(parse("objective: {metric: train_loss, direction: minimize}").objectives())
        .containsExactly(new Objective("train_loss", Direction.MINIMIZE));
  }

  @Test
  void badObjectivesAreNamed() {
    assertRejected(
        "objective: {metric: val_top1}\nobjectives: [{metric: val_top1}]",
        "objectives",
        "not both");
    assertRejected("objectives: []", "objectives", "non-empty list");
    assertRejected(
        "objectives: [{metric: val_top1}, {metric: flops}]",
        "objectives[1].metric",
        "unknown metric 'flops'");
    assertRejected(
        "objectives: [{metric: val_top1}, {metric: val_top1}]", "objectives[1].metric", "twice");
    assertRejected(
        "objectives: [{metric: val_top1, direction: up}]",
        "objectives[0].direction",
        "maximize or minimize");
  }

  @Test
  void oldConstructorKeepsOneObjectiveAndNoPruner() {
    SweepSpec spec = parse("budget: {trials: 2}");
    SweepSpec same =
        new SweepSpec(
            spec.name(),
            spec.objective(),
            spec.budget(),
            spec.sampler(),
            spec.training(),
            spec.space());
    assertThat(same).isEqualTo(spec);
    assertThat(same.objectives()).isEqualTo(List.of(spec.objective()));
  }
}
