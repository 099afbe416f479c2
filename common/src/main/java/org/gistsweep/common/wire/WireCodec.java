package org.gistsweep.common.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON codec for {@link WireMessage}s: snake_case fields, a {@code "type"} discriminator,
 * unknown fields ignored and absent fields defaulted (so fields can be added in either direction of
 * an upgrade), newer schema versions rejected. Required fields are enforced by each record's
 * constructor (the header, the worker id, enumerated values), so a message missing one is still
 * refused as invalid.
 */
public final class WireCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private WireCodec() {}

  /** Encodes a message as UTF-8 JSON. */
  public static byte[] encode(WireMessage message) {
    try {
      return MAPPER.writeValueAsBytes(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decodes one record value.
   *
   * @throws WireFormatException saying why the bytes are not a valid message
   */
  public static WireMessage decode(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new WireFormatException("empty record value", null);
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new WireFormatException("not JSON: " + firstLine(e), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new WireFormatException("not a JSON object", null);
    }
    JsonNode schema = tree.get("schema");
    if (schema == null || !schema.canConvertToInt()) {
      throw new WireFormatException("missing or non-integer 'schema' field", null);
    }
    if (schema.asInt() > WireMessage.SCHEMA_VERSION) {
      throw new WireFormatException(
          "unsupported schema version "
              + schema.asInt()
              + " (this build reads up to "
              + WireMessage.SCHEMA_VERSION
              + "); upgrade the reader",
          null);
    }
    try {
      return MAPPER.treeToValue(tree, WireMessage.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new WireFormatException("invalid message: " + firstLine(e), e);
    }
  }

  /** Decodes UTF-8 text; see {@link #decode(byte[])}. */
  public static WireMessage decode(String json) {
    return decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String firstLine(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = String.valueOf(root.getMessage());
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
