package org.gistsweep.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sweep file's {@code enqueue:} list: typed, checked against the space, errors naming the entry
 * and parameter.
 */
class EnqueueParsingTest {
  private static final String SWEEP =
      """
      name: enq
      budget: {trials: 4}
      space:
        lr: {type: float, low: 1.0e-4, high: 1.0e-1, log: true}
        adapter_dim: {type: int, low: 2, high: 16, step: 2}
        gist: {type: categorical, choices: [true, false]}
      """;

  private static SweepSpec parse(String enqueue) {
    return SweepSpecParser.parse(SWEEP + enqueue, "enq.yaml", "enq");
  }

  @Test
  void enqueuedTrialsAreTypedAndSurviveTheJournalDocument() {
    SweepSpec spec =
        parse("enqueue:\n  - {lr: 1.0e-3, adapter_dim: 8, gist: true}\n  - {adapter_dim: 4}\n");
    assertThat(spec.enqueue())
        .containsExactly(
            Map.of("lr", 1.0e-3, "adapter_dim", 8L, "gist", true), Map.of("adapter_dim", 4L));
    SweepSpec again =
        SweepSpecParser.parse(
            new ObjectMapper().valueToTree(SweepSpecWriter.sweepDocument(spec)), "enq");
    assertThat(again.enqueue()).isEqualTo(spec.enqueue());
    assertThat(parse("").enqueue()).isEqualTo(List.of());
  }

  @Test
  void badEntriesNameTheEntryAndTheParameter() {
    assertThatThrownBy(() -> parse("enqueue:\n  - {lr: 5.0}\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("enq.yaml")
        .hasMessageContaining("enqueue[0].lr")
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> parse("enqueue:\n  - {lr: 1.0e-3}\n  - {lrr: 1.0e-3}\n"))
        .hasMessageContaining("enqueue[1].lrr")
        .hasMessageContaining("not a parameter of the search space");
    assertThatThrownBy(() -> parse("enqueue:\n  - {adapter_dim: 3}\n"))
        .hasMessageContaining("enqueue[0].adapter_dim");
    assertThatThrownBy(() -> parse("enqueue:\n  - {gist: maybe}\n"))
        .hasMessageContaining("enqueue[0].gist");
    assertThatThrownBy(() -> parse("enqueue: {lr: 1.0e-3}\n"))
        .hasMessageContaining("enqueue: must be a list");
    assertThatThrownBy(() -> parse("enqueue:\n  - 3\n"))
        .hasMessageContaining("enqueue[0]: must be a mapping");
    assertThatThrownBy(() -> parse("enqueue:\n  - {}\n"))
        .hasMessageContaining("enqueue[0]: is empty");
    assertThatThrownBy(
            () ->
                parse(
                    "enqueue: [{lr: 0.001}, {lr: 0.002}, {lr: 0.003}, {lr: 0.004}, {lr: 0.005}]\n"))
        .hasMessageContaining("budget.trials is 4");
  }
}
