package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the writer writes, the parsers read back as an equal spec (the journal relies on it). */
class SweepSpecWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static SweepSpec roundTrip(SweepSpec spec) throws IOException {
    String text = JSON.writeValueAsString(SweepSpecWriter.sweepDocument(spec));
    return SweepSpecParser.parse(JSON.readTree(text), "fallback");
  }

  @Test
  void shippedExamplesRoundTrip() throws IOException {
    try (var files = Files.list(Path.of("../examples"))) {
      List<Path> examples = files.filter(f -> f.toString().endsWith(".yaml")).toList();
      assertThat(examples).isNotEmpty();
      for (Path example : examples) {
        SweepSpec spec = SweepSpecParser.parse(example);
        assertThat(roundTrip(spec)).as("%s", example).isEqualTo(spec);
      }
    }
  }

  @Test
  void everyPrunerAndParameterKindRoundTrips() throws IOException {
    for (String pruner :
        List.of(
            "{type: none}",
            "{type: median, n_startup_trials: 2}",
            "{type: percentile, percentile: 30}",
            "{type: asha, min_resource: 1, reduction_factor: 2, min_early_stopping_rate: 1}",
            "{type: hyperband, min_resource: 1, max_resource: 9, reduction_factor: 3}")) {
      SweepSpec spec =
          SweepSpecParser.parse(
              """
              name: kinds
              objectives: [{metric: val_top1, direction: maximize}, {metric: trainable_params, direction: minimize}]
              budget: {trials: 20, parallel: 3, epochs: 4, max_attempts: 2}
              sampler: {type: tpe, seed: -3}
              retain: {best: 0}
              pruner: %s
              training: {task: synthetic-shapes, batch_size: 32}
              space:
                peft: {type: categorical, choices: [adapter, lora]}
                gist: {type: categorical, choices: [true, false]}
                lora_rank: {type: int, low: 1, high: 16, log: true, when: {peft: lora}}
                adapter_dim: {type: int, low: 2, high: 16, step: 2, when: {peft: adapter}}
                lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
                kl_weight: {type: float, low: 0.0, high: 1.0, step: 0.25}
              """
                  .formatted(pruner),
              "kinds.yaml",
              "kinds");
      assertThat(roundTrip(spec)).as(pruner).isEqualTo(spec);
      assertThat(roundTrip(spec).retain().best()).isZero();
    }
  }

  @Test
  void askTellStudiesRoundTrip() throws IOException {
    SweepSpec spec =
        AskTellSpecParser.parse(
            JSON.readTree(
                "{\"name\":\"at\",\"directions\":[\"minimize\",\"maximize\"],\"trials\":50,"
                    + "\"sampler\":{\"type\":\"tpe\",\"seed\":1},\"pruner\":{\"type\":\"hyperband\",\"max_resource\":27},"
                    + "\"space\":{\"x\":{\"type\":\"float\",\"low\":-1,\"high\":1},\"c\":{\"type\":\"categorical\",\"choices\":[\"a\",1,true]}}}"));
    String text = JSON.writeValueAsString(SweepSpecWriter.askTellDocument(spec));
    assertThat(AskTellSpecParser.parse(JSON.readTree(text))).isEqualTo(spec);
    SweepSpec unbounded =
        AskTellSpecParser.parse(
            JSON.readTree("{\"space\":{\"x\":{\"type\":\"int\",\"low\":0,\"high\":3}}}"));
    assertThat(
            AskTellSpecParser.parse(
                JSON.readTree(JSON.writeValueAsString(SweepSpecWriter.askTellDocument(unbounded)))))
        .isEqualTo(unbounded);
  }
}
