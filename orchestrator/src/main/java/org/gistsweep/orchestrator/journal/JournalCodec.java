package org.gistsweep.orchestrator.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The JSON codec of {@link JournalEntry}: {@code "schema"}, an {@code "entry"} discriminator and
 * snake_case fields; worker messages inside are in their wire form. Unknown fields are ignored; a
 * newer schema version or an unknown entry type is refused with {@link JournalFormatException}.
 */
public final class JournalCodec {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private JournalCodec() {}

  /** Encodes an entry as UTF-8 JSON. */
  public static byte[] encode(JournalEntry entry) {
    try {
      ObjectNode tree = MAPPER.valueToTree(entry);
      tree.put("schema", JournalEntry.SCHEMA_VERSION);
      return MAPPER.writeValueAsBytes(tree);
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw new IllegalStateException(
          "cannot encode journal entry " + entry.getClass().getSimpleName(), e);
    }
  }

  /**
   * Decodes one journal record.
   *
   * @throws JournalFormatException saying why the bytes are not an entry this build reads
   */
  public static JournalEntry decode(byte[] bytes) {
    JsonNode tree;
    try {
      tree = bytes == null ? null : MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new JournalFormatException(
          "not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new JournalFormatException("not a JSON object", null);
    }
    int schema = tree.path("schema").asInt(0);
    if (schema < 1 || schema > JournalEntry.SCHEMA_VERSION) {
      throw new JournalFormatException(
          "journal schema "
              + tree.path("schema")
              + " is not one this build reads (1.."
              + JournalEntry.SCHEMA_VERSION
              + "); run a newer orchestrator",
          null);
    }
    ((ObjectNode) tree).remove("schema");
    try {
      return MAPPER.treeToValue(tree, JournalEntry.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new JournalFormatException(
          "invalid entry: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** The spec document of a {@link JournalEntry.StudyOpened} as a JSON tree, for the parsers. */
  public static JsonNode tree(Object document) {
    return MAPPER.valueToTree(document);
  }
}
