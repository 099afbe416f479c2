package org.gistsweep.cli.broker;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Tells a security mismatch from an absent broker by an admin client's connection metrics. A TLS
 * client at a plaintext listener connects, sends its hello, and is closed without a byte in reply,
 * over and over, while the client waits for its call to time out. Several connections opened and
 * closed with nothing received and no handshake completed is that pattern; an absent broker refuses
 * the connection instead, so none is ever opened.
 */
final class HandshakeFailures {
  /** Closed connections needed before the pattern counts (about half a second of retries). */
  static final int CLOSED = 3;

  private HandshakeFailures() {}

  /** True when {@code admin} has seen the pattern. */
  static boolean seen(Admin admin) {
    Map<MetricName, ? extends Metric> metrics = admin.metrics();
    return total(metrics, "connection-close-total") >= CLOSED
        && total(metrics, "incoming-byte-total") == 0
        && total(metrics, "successful-authentication-total") == 0;
  }

  private static double total(Map<MetricName, ? extends Metric> metrics, String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals(name)
          && !n.tags().containsKey("node-id")
          && e.getValue().metricValue() instanceof Number v) {
        sum += v.doubleValue();
      }
    }
    return sum;
  }
}
