package org.gistsweep.orchestrator.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gistsweep.common.trial.TrialState.COMPLETE;
import static org.gistsweep.common.trial.TrialState.FAILED;
import static org.gistsweep.common.trial.TrialState.PRUNED;
import static org.gistsweep.common.trial.TrialState.RUNNING;
import static org.gistsweep.common.trial.TrialState.WAITING;

import org.gistsweep.common.trial.TrialState;
import org.junit.jupiter.api.Test;

class TransitionsTest {
  @Test
  void liveStatesMoveFinishedStatesAreFrozen() {
    assertThat(Transitions.isLegal(WAITING, RUNNING)).isTrue();
    assertThat(Transitions.isLegal(WAITING, WAITING)).isTrue();
    assertThat(Transitions.isLegal(WAITING, COMPLETE)).isTrue();
    assertThat(Transitions.isLegal(RUNNING, COMPLETE)).isTrue();
    assertThat(Transitions.isLegal(RUNNING, PRUNED)).isTrue();
    assertThat(Transitions.isLegal(RUNNING, FAILED)).isTrue();
    assertThat(Transitions.isLegal(RUNNING, WAITING)).isTrue();
    assertThat(Transitions.isLegal(RUNNING, RUNNING)).isFalse();
    for (TrialState from : new TrialState[] {COMPLETE, PRUNED, FAILED}) {
      for (TrialState to : TrialState.values()) {
        assertThat(Transitions.isLegal(from, to)).as(from + "->" + to).isFalse();
      }
    }
    assertThatThrownBy(() -> Transitions.check(4, COMPLETE, RUNNING))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("trial 4 cannot move from COMPLETE to RUNNING");
  }
}
