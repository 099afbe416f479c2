package org.gistsweep.orchestrator.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.gistsweep.common.wire.TrialAssignment;
import org.gistsweep.common.wire.TrialControl;
import org.gistsweep.orchestrator.kafka.TrialPublisher;

/** Records what would be published; optionally reacts to each assignment (a simulated worker). */
public final class FakePublisher implements TrialPublisher {
  public final List<TrialAssignment> assignments = new CopyOnWriteArrayList<>();
  public final List<TrialControl> controls = new CopyOnWriteArrayList<>();
  private volatile Consumer<TrialAssignment> onAssignment = a -> {};
  private volatile boolean failing;

  /** Runs {@code reaction} (on the publishing thread) for every later assignment. */
  public void onAssignment(Consumer<TrialAssignment> reaction) {
    this.onAssignment = reaction;
  }

  /** Makes later publishes fail (or succeed again). */
  public void failing(boolean fail) {
    this.failing = fail;
  }

  @Override
  public CompletableFuture<Void> publish(TrialAssignment assignment) {
    if (failing) {
      return CompletableFuture.failedFuture(new IllegalStateException("broker down"));
    }
    Events.issued(assignment);
    assignments.add(assignment);
    onAssignment.accept(assignment);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> publish(TrialControl control) {
    controls.add(control);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void close() {}
}
