package org.gistsweep.orchestrator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The OpenAPI document ({@code openapi.json}) as tests check against it: which operations it
 * describes, and whether a real request and response conform to its schemas (JSON Schema 2020-12,
 * validated with networknt's json-schema-validator).
 */
final class OpenApiContract {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /** One HTTP exchange a test made. */
  record Exchange(
      String method,
      String path,
      String requestContentType,
      String requestBody,
      int status,
      String contentType,
      String body) {}

  final JsonNode document;

  private OpenApiContract(JsonNode document) {
    this.document = document;
  }

  /** The document served at {@code /api/openapi.json}, read from the classpath. */
  static OpenApiContract load() {
    try (InputStream in =
        OpenApiContract.class.getResourceAsStream(
            "/org/gistsweep/orchestrator/http/openapi.json")) {
      return new OpenApiContract(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every operation the document describes, as {@code "GET /api/studies/{id}"}. */
  Set<String> operations() {
    Set<String> out = new TreeSet<>();
    document
        .get("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fieldNames()
                    .forEachRemaining(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey())));
    return out;
  }

  /** Everything wrong with {@code e} against the document; empty when it conforms. */
  List<String> violations(Exchange e) {
    List<String> out = new ArrayList<>();
    String where = e.method() + " " + e.path() + " -> " + e.status();
    Optional<JsonNode> operation = operation(e.method(), e.path());
    if (operation.isEmpty()) {
      if (e.status() >= 400) {
        // a call the router refuses (no route, wrong method, no token) still answers the error
        // shape
        validate(
            JSON.createObjectNode().put("$ref", "#/components/schemas/Error"),
            e.body(),
            where + " response",
            out);
      } else {
        out.add(where + ": the document has no such operation");
      }
      return out;
    }
    JsonNode op = operation.get();
    if (e.status() < 400
        && e.requestBody() != null
        && !e.requestBody().isEmpty()
        && op.has("requestBody")) {
      JsonNode schema = op.at("/requestBody/content/application~1json/schema");
      if (!schema.isMissingNode()) {
        validate(schema, e.requestBody(), where + " request", out);
      }
    }
    JsonNode responses = op.get("responses");
    JsonNode response =
        responses.has(Integer.toString(e.status()))
            ? responses.get(Integer.toString(e.status()))
            : responses.get("default");
    if (response == null) {
      out.add(where + ": status " + e.status() + " is not documented");
      return out;
    }
    response = resolve(response);
    String type = e.contentType() == null ? "" : e.contentType().split(";")[0].trim();
    JsonNode content = response.path("content");
    if (content.isMissingNode() && (e.body() == null || e.body().isEmpty())) {
      return out; // a documented answer without a body, e.g. 304
    }
    if (!content.has(type)) {
      out.add(
          where
              + ": content type '"
              + type
              + "' is not documented (documented: "
              + names(content)
              + ")");
      return out;
    }
    if (type.equals("application/json")) {
      validate(content.get(type).get("schema"), e.body(), where + " response", out);
    }
    return out;
  }

  private void validate(JsonNode schema, String body, String what, List<String> out) {
    JsonNode instance;
    try {
      instance = JSON.readTree(body);
    } catch (IOException ex) {
      out.add(what + ": not JSON: " + ex.getMessage());
      return;
    }
    ObjectNode root = schema.deepCopy();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.set("components", document.get("components"));
    JsonSchema compiled = SCHEMAS.getSchema(root);
    for (ValidationMessage m : compiled.validate(instance)) {
      out.add(what + ": " + m.getMessage() + " in " + abbreviate(body));
    }
  }

  private Optional<JsonNode> operation(String method, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = document.get("paths").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      if (template(p.getKey()).matcher(path).matches()
          && p.getValue().has(method.toLowerCase(Locale.ROOT))) {
        return Optional.of(p.getValue().get(method.toLowerCase(Locale.ROOT)));
      }
    }
    return Optional.empty();
  }

  private JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
  }

  private static Pattern template(String path) {
    return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
  }

  private static String names(JsonNode content) {
    List<String> out = new ArrayList<>();
    content.fieldNames().forEachRemaining(out::add);
    return String.join(", ", out);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
