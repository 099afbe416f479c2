package org.gistsweep.orchestrator.service;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Callable;

/**
 * One study's sampler calls, run one at a time and in order on the sampling pool, so the sampler
 * (safe on one thread at a time) needs no lock, while other studies' lanes run beside it: a slow
 * study holds at most one pool thread, and waits behind the others' tasks for the next. Touched
 * only on the owner context, where every task's future completes.
 */
final class SamplingLane {
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private boolean busy;

  /** Runs {@code task} on {@code pool} once the tasks submitted before it are done. */
  <T> Future<T> submit(WorkerExecutor pool, Callable<T> task) {
    Promise<T> done = Promise.promise();
    waiting.add(
        () ->
            pool.executeBlocking(task, false)
                .onComplete(
                    ar -> {
                      busy = false;
                      startNext();
                      done.handle(ar);
                    }));
    if (!busy) {
      startNext();
    }
    return done.future();
  }

  private void startNext() {
    Runnable next = waiting.poll();
    if (next != null) {
      busy = true;
      next.run();
    }
  }
}
