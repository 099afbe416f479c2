package org.gistsweep.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.gistsweep.orchestrator.testing.TestSpecs;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.Test;

/**
 * Without a bootstrap the orchestrator uses no Kafka: ask/tell works, worker sweeps are refused.
 */
class NoTransportTest {
  private static HttpResponse<String> post(Orchestrator o, String path, String body)
      throws Exception {
    return TestHttp.postJson(o.url() + path, body);
  }

  @Test
  void hostsAskTellStudiesAndRefusesWorkerSweeps() throws Exception {
    try (Orchestrator o = Orchestrator.start(new OrchestratorOptions(null, null, 0, null, null))) {
      assertThatThrownBy(() -> o.submit(TestSpecs.random(2, 1, 1, 1)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("orchestrator --bootstrap");

      HttpResponse<String> sweep =
          post(
              o,
              "api/studies",
              "{\"name\": \"w\", \"budget\": {\"trials\": 2}, \"space\": {\"lr\": {\"type\":"
                  + " \"float\", \"low\": 0.001, \"high\": 0.1}}}");
      assertThat(sweep.statusCode()).isEqualTo(409);
      assertThat(sweep.body()).contains("ask/tell", "orchestrator --bootstrap");

      HttpResponse<String> askTell =
          post(
              o,
              "api/studies",
              "{\"name\": \"q\", \"directions\": [\"minimize\"], \"space\": {\"x\": {\"type\":"
                  + " \"float\", \"low\": 0, \"high\": 1}}}");
      assertThat(askTell.statusCode()).as(askTell.body()).isEqualTo(201);
    }
  }
}
