package org.gistsweep.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.SweepSpecParser;
import org.gistsweep.common.spec.WorkerRoots;
import org.gistsweep.orchestrator.testing.MutableClock;
import org.gistsweep.testsupport.TestHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator refuses at submit what it can see of a sweep's paths: names that are not plain,
 * {@code ..} segments, and (the workers' roots given) absolute data and weights paths outside them;
 * 400 naming the field, nothing dispatched.
 */
class SubmitPathCheckTest {
  private final FakePorts ports = new FakePorts();
  private Orchestrator orchestrator;

  @BeforeEach
  void start() {
    orchestrator =
        Orchestrator.start(
            new OrchestratorOptions("fake:9092", null, 0, MutableClock.fixed(), Map.of())
                .withWorkerRoots(new WorkerRoots(List.of("/data"), List.of("/weights"))),
            ports);
  }

  @AfterEach
  void close() {
    orchestrator.close();
  }

  private static String sweep(String training, String space) {
    return "{\"name\": \"paths\", \"budget\": {\"trials\": 2, \"parallel\": 1, \"epochs\": 1},"
        + " \"training\": {"
        + training
        + "}, \"space\": {"
        + space
        + "}}";
  }

  private HttpResponse<String> post(String body) throws Exception {
    return TestHttp.postJson(orchestrator.url() + "api/studies", body);
  }

  private void assertRefused(String body, String field, String fragment) throws Exception {
    HttpResponse<String> r = post(body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject error = new JsonObject(r.body());
    assertThat(error.getString("field")).isEqualTo(field);
    assertThat(error.getString("error")).contains(fragment);
  }

  @Test
  void pathTricksAre400NamingTheFieldAndNothingIsDispatched() throws Exception {
    assertRefused(sweep("\"task\": \"../../secret\"", ""), "training.task", "must be a plain name");
    assertRefused(sweep("\"data_dir\": \"/data/../etc\"", ""), "training.data_dir", "'..' segment");
    assertRefused(
        sweep("\"backbone\": \"/etc/passwd\"", ""),
        "training.backbone",
        "outside the workers' weights roots (/weights)");
    assertRefused(
        sweep("\"data_dir\": \"/etc\"", ""),
        "training.data_dir",
        "outside the workers' data roots (/data)");
    assertRefused(
        sweep("", "\"task\": {\"type\": \"categorical\", \"choices\": [\"cifar\", \"a/b\"]}"),
        "space.task.choices[1]",
        "plain name");
    HttpResponse<String> studies = TestHttp.get(orchestrator.url() + "api/studies");
    assertThat(new JsonObject(studies.body()).getJsonArray("studies"))
        .as("no study was created")
        .isEmpty();

    HttpResponse<String> ok =
        post(sweep("\"data_dir\": \"/data\", \"backbone\": \"/weights/b16.npz\"", ""));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
  }

  @Test
  void theJavaApiRefusesTheSameWithASpecException() {
    assertThatThrownBy(
            () ->
                orchestrator.submit(
                    SweepSpecParser.parse(sweep("\"eval_split\": \"..\"", ""), "s.json", "s")))
        .isInstanceOfSatisfying(
            SpecException.class, e -> assertThat(e.field()).isEqualTo("training.eval_split"));
  }
}
