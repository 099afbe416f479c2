package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.spec.AskTellSpecParser;
import org.gistsweep.common.trial.TrialState;
import org.gistsweep.orchestrator.journal.JournalCodec;
import org.gistsweep.orchestrator.study.TrialSnapshot;
import org.gistsweep.orchestrator.testing.FakePublisher;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several clients asking and telling at once: every ask gets its own trial, none fails. */
@ExtendWith(VertxExtension.class)
class ConcurrentAskTellTest {
  private static final long WAIT = 30;

  @Test
  void concurrentClientsEachGetTheirOwnTrial(Vertx vertx) throws Exception {
    askAndTellConcurrently(vertx, "tpe", 4, 60);
  }

  /**
   * A random sampler answers before its listener is attached: the case that reordered asks most
   * often.
   */
  @Test
  void concurrentClientsOfAFastSamplerEachGetTheirOwnTrial(Vertx vertx) throws Exception {
    askAndTellConcurrently(vertx, "random", 8, 150);
  }

  private void askAndTellConcurrently(Vertx vertx, String sampler, int clients, int perClient)
      throws Exception {
    StudyService service =
        new StudyService(vertx, new InMemoryStudyLog(new FakePublisher()), MutableClock.fixed());
    String id =
        service
            .createAskTell(
                AskTellSpecParser.parse(
                    JournalCodec.tree(
                        Map.of(
                            "name",
                            "many",
                            "directions",
                            List.of("minimize"),
                            "sampler",
                            Map.of("type", sampler, "seed", 5),
                            "space",
                            Map.of("x", Map.of("type", "float", "low", -2, "high", 2)),
                            "trials",
                            clients * perClient))))
            .get(WAIT, TimeUnit.SECONDS);
    ConcurrentLinkedQueue<Integer> numbers = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        runs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    TrialSnapshot t = service.ask(id).get(WAIT, TimeUnit.SECONDS);
                    numbers.add(t.number());
                    double x = ((Number) t.params().get("x")).doubleValue();
                    service
                        .tell(id, t.number(), TrialState.COMPLETE, List.of(x * x))
                        .get(WAIT, TimeUnit.SECONDS);
                  }
                  return null;
                }));
      }
      for (Future<?> r : runs) {
        r.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(numbers).hasSize(clients * perClient).doesNotHaveDuplicates();
    assertThat(service.snapshot(id).orElseThrow().trials())
        .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
  }
}
