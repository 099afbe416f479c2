package org.gistsweep.orchestrator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every (problem, contender, seed) study of one mode on {@code jobs} threads, each with its
 * own Optuna process; studies are independent and seeded, so results do not depend on scheduling.
 */
final class Efficiency {
  private Efficiency() {}

  /**
   * @return {@code [problem][contender][seed]} = {final best, area under the best-so-far curve (its
   *     mean over evaluations)}
   */
  static double[][][][] run(
      List<Problems.Problem> problems,
      List<Contender> contenders,
      int seeds,
      int evals,
      int workers,
      int jobs,
      Path script) {
    double[][][][] out = new double[problems.size()][contenders.size()][seeds][];
    ConcurrentLinkedQueue<OptunaProcess> started = new ConcurrentLinkedQueue<>();
    ThreadLocal<OptunaProcess> local =
        ThreadLocal.withInitial(
            () -> {
              try {
                OptunaProcess py = new OptunaProcess(script);
                started.add(py);
                return py;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(jobs);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (boolean optunaFirst : new boolean[] {true, false}) {
        for (int p = 0; p < problems.size(); p++) {
          for (int c = 0; c < contenders.size(); c++) {
            if (contenders.get(c).optuna() != optunaFirst) {
              continue;
            }
            for (int s = 0; s < seeds; s++) {
              int pi = p;
              int ci = c;
              int si = s;
              tasks.add(
                  pool.submit(
                      () -> {
                        Contender ct = contenders.get(ci);
                        Problems.Problem pr = problems.get(pi);
                        Asker asker = ct.start(pr.space(), si, ct.optuna() ? local.get() : null);
                        double[] curve = Simulation.run(asker, pr.f(), evals, workers, si);
                        out[pi][ci][si] = new double[] {curve[curve.length - 1], Stats.mean(curve)};
                      }));
            }
          }
        }
      }
      for (Future<?> f : tasks) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a benchmark study failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      started.forEach(OptunaProcess::close);
    }
    return out;
  }
}
