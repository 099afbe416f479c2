package org.gistsweep.orchestrator.study;

import java.util.List;
import org.gistsweep.common.wire.WireMessage;

/**
 * What a control did to a study.
 *
 * @param changed false when the control had already taken effect (a repeat): nothing is journaled
 * @param toWorkers the messages to publish: stop or suspend requests ({@code TrialControl}, one per
 *     trial it stopped or suspended) and the assignments of the trials it resumed
 * @param trials the trials it changed (stopped), for listeners
 */
public record ControlResult(
    boolean changed, List<WireMessage> toWorkers, List<TrialSnapshot> trials) {
  public ControlResult {
    toWorkers = List.copyOf(toWorkers);
    trials = List.copyOf(trials);
  }

  static ControlResult unchanged() {
    return new ControlResult(false, List.of(), List.of());
  }

  static ControlResult done() {
    return new ControlResult(true, List.of(), List.of());
  }
}
