package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The checker behind the recorded exchanges finds what does not conform (so a green run means
 * something).
 */
class OpenApiContractTest {
  private final OpenApiContract contract = OpenApiContract.load();

  private static OpenApiContract.Exchange exchange(
      String method, String path, String request, int status, String body) {
    return new OpenApiContract.Exchange(
        method, path, "application/json", request, status, "application/json; charset=utf-8", body);
  }

  @Test
  void conformingExchangesPass() {
    assertThat(
            contract.violations(
                exchange(
                    "POST",
                    "/api/studies",
                    "{\"directions\": [\"maximize\"], \"space\": {\"x\": {\"type\": \"float\","
                        + " \"low\": 0, \"high\": 1}}}",
                    201,
                    "{\"id\": \"s-1\"}")))
        .isEmpty();
    assertThat(
            contract.violations(
                exchange(
                    "POST",
                    "/api/studies",
                    "{\"name\": \"w\", \"space\": {}}",
                    409,
                    "{\"error\": \"no workers here\"}")))
        .isEmpty();
    assertThat(
            contract.violations(
                exchange(
                    "GET",
                    "/api/studies/s-1/importance",
                    null,
                    200,
                    "{\"study\": \"s-1\", \"importance\": {\"lr\": 0.4}, \"trials_used\": 7}")))
        .isEmpty();
  }

  @Test
  void aWrongResponseBodyAnUndocumentedStatusOrRouteIsNamed() {
    assertThat(
            contract.violations(
                exchange(
                    "GET",
                    "/api/studies/s-1/importance",
                    null,
                    200,
                    "{\"study\": \"s-1\", \"importance\": {}}")))
        .singleElement()
        .asString()
        .contains("trials_used");
    assertThat(
            contract.violations(
                exchange(
                    "POST", "/api/studies/s-1/ask", null, 200, "{\"trial\": -1, \"params\": {}}")))
        .isNotEmpty();
    assertThat(
            contract.violations(
                exchange("GET", "/api/studies", null, 200, "{\"studies\": [], \"extra\": 1}")))
        .isNotEmpty();
    assertThat(contract.violations(exchange("GET", "/api/nowhere", null, 200, "{}")))
        .singleElement()
        .asString()
        .contains("no such operation");
    assertThat(
            contract.violations(
                exchange(
                    "GET", "/api/nowhere", null, 404, "{\"message\": \"not the error shape\"}")))
        .isNotEmpty();
    assertThat(
            contract.violations(
                new OpenApiContract.Exchange(
                    "GET", "/health/ready", null, null, 200, "text/plain", "UP")))
        .singleElement()
        .asString()
        .contains("content type 'text/plain' is not documented");
  }

  @Test
  void aRequestBodyIsCheckedWhenTheCallSucceeded() {
    assertThat(
            contract.violations(
                exchange(
                    "POST",
                    "/api/studies/s-1/tell",
                    "{\"trial\": \"zero\"}",
                    200,
                    "{\"number\": 0}")))
        .anySatisfy(v -> assertThat(v).contains("request"));
  }
}
