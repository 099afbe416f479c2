package org.gistsweep.orchestrator.bench;

import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Runs one study: sequentially, or with asynchronous simulated workers whose evaluations take a
 * seeded random time (uniform 0.5..1.5), handled in simulated-time order. Returns the best-so-far
 * value after each finished evaluation.
 */
final class Simulation {
  private record Running(double finish, int number, double value) {}

  private Simulation() {}

  static double[] run(
      Asker asker, ToDoubleFunction<Map<String, Object>> f, int evals, int workers, long seed) {
    double[] curve = new double[evals];
    SplittableRandom durations = new SplittableRandom(seed * 1_000_003L + 17);
    PriorityQueue<Running> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.finish != b.finish
                    ? Double.compare(a.finish, b.finish)
                    : Integer.compare(a.number, b.number));
    int asked = 0;
    double now = 0;
    for (; asked < Math.min(workers, evals); asked++) {
      SimTrial t = asker.ask();
      queue.add(
          new Running(now + 0.5 + durations.nextDouble(), t.number(), f.applyAsDouble(t.params())));
    }
    double best = Double.POSITIVE_INFINITY;
    for (int told = 0; told < evals; told++) {
      Running r = queue.poll();
      now = r.finish;
      asker.tell(r.number, r.value);
      best = Math.min(best, r.value);
      curve[told] = best;
      if (asked < evals) {
        SimTrial t = asker.ask();
        queue.add(
            new Running(
                now + 0.5 + durations.nextDouble(), t.number(), f.applyAsDouble(t.params())));
        asked++;
      }
    }
    return curve;
  }
}
