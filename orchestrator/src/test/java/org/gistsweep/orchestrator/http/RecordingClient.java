package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WebClient} that records every exchange the HTTP tests make, so {@link #assertConform}
 * can check each real request and response against the OpenAPI document.
 */
final class RecordingClient {
  private static final OpenApiContract CONTRACT = OpenApiContract.load();
  private static final String SENT = "gist.recorded.request.body";

  private final List<OpenApiContract.Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final WebClient client;

  RecordingClient(Vertx vertx) {
    client = WebClient.create(vertx);
    ((WebClientInternal) client)
        .addInterceptor(
            ctx -> {
              if (ctx.phase() == ClientPhase.PREPARE_REQUEST && ctx.body() instanceof Buffer b) {
                ctx.set(
                    SENT,
                    b.toString()); // the body is gone from the context by the time the response
                // arrives
              }
              if (ctx.phase() == ClientPhase.DISPATCH_RESPONSE) {
                HttpResponse<?> r = ctx.response();
                String sent = ctx.get(SENT);
                Buffer body = r.bodyAsBuffer();
                exchanges.add(
                    new OpenApiContract.Exchange(
                        ctx.request().method().name(),
                        URI.create(ctx.request().uri()).getPath(),
                        ctx.contentType(),
                        sent,
                        r.statusCode(),
                        r.getHeader("Content-Type"),
                        body == null ? "" : body.toString()));
              }
              ctx.next();
            });
  }

  WebClient client() {
    return client;
  }

  List<OpenApiContract.Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Fails naming every recorded exchange that the OpenAPI document does not describe. */
  void assertConform() {
    List<String> violations = new ArrayList<>();
    for (OpenApiContract.Exchange e : exchanges) {
      violations.addAll(CONTRACT.violations(e));
    }
    assertThat(violations).as("exchanges that do not conform to openapi.json").isEmpty();
  }
}
