package org.gistsweep.cli.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

/**
 * Writes each event as one line of JSON: {@code ts} (ISO-8601 UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then every MDC entry and every key-value pair of the event as
 * its own field ({@code study}, {@code trial}, {@code attempt}, {@code worker} where the code sets
 * them; whole numbers as JSON numbers), and {@code error} with the stack trace when there is one.
 * The same line goes to an open attempt log ({@link TappedLogger}).
 */
final class JsonLogger extends TappedLogger {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<String> NUMERIC = Set.of("trial", "attempt");

  JsonLogger(String name, Level threshold, PrintStream out, MDCAdapter mdc) {
    this(name, threshold, tapLevel(name, threshold), out, mdc);
  }

  JsonLogger(String name, Level threshold, Level tap, PrintStream out, MDCAdapter mdc) {
    super(name, threshold, tap, out, mdc);
  }

  @Override
  String format(
      Level level, String message, Throwable error, List<KeyValuePair> pairs, MDCAdapter mdc) {
    StringWriter line = new StringWriter(160);
    try (JsonGenerator g = JSON.createGenerator(line)) {
      g.writeStartObject();
      g.writeStringField("ts", Instant.now().toString());
      g.writeStringField("level", level.name());
      g.writeStringField("logger", name);
      g.writeStringField("thread", Thread.currentThread().getName());
      g.writeStringField("message", message);
      Map<String, String> context = mdc.getCopyOfContextMap();
      if (context != null) {
        for (Map.Entry<String, String> e : context.entrySet()) {
          field(g, e.getKey(), e.getValue());
        }
      }
      for (KeyValuePair p : pairs) {
        field(g, p.key, p.value);
      }
      if (error != null) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        g.writeStringField("error", trace.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line.toString();
  }

  private static void field(JsonGenerator g, String key, Object value) throws IOException {
    if (value == null) {
      g.writeNullField(key);
    } else if (value instanceof Number n
        && !(value instanceof Double)
        && !(value instanceof Float)) {
      g.writeNumberField(key, n.longValue());
    } else if (NUMERIC.contains(key) && value.toString().matches("-?\\d{1,9}")) {
      g.writeNumberField(key, Integer.parseInt(value.toString()));
    } else {
      g.writeStringField(key, value.toString());
    }
  }
}
