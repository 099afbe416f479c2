package org.gistsweep.orchestrator.study;

import java.util.List;
import org.gistsweep.common.wire.TrialControl;

/**
 * What a control did to a study.
 *
 * @param changed false when the control had already taken effect (a repeat): nothing is journaled
 * @param toWorkers the stop requests to publish on {@code gist.control}, one per trial it stopped
 * @param trials the trials it changed (stopped), for listeners
 */
public record ControlResult(boolean changed, List<TrialControl> toWorkers, List<TrialSnapshot> trials) {
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
