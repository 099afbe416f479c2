package org.gistsweep.orchestrator.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseGateTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final LeaseGate gate = new LeaseGate(LEASE);

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void opensOneLeaseAfterTheBrokerWasFirstReachable() {
    assertThat(gate.open(at(0), true)).as("at start").isFalse();
    assertThat(gate.open(at(29), true)).isFalse();
    assertThat(gate.open(at(30), true)).isTrue();
    assertThat(gate.open(at(100), true)).isTrue();
  }

  @Test
  void closesWhileTheBrokerIsUnreachableAndGivesAFullLeaseAfterItReturns() {
    gate.open(at(0), true);
    assertThat(gate.open(at(40), true)).isTrue();
    assertThat(gate.open(at(41), false)).as("broker down").isFalse();
    assertThat(gate.open(at(200), false)).as("still down, however long").isFalse();
    assertThat(gate.open(at(201), true)).as("back: leases restart").isFalse();
    assertThat(gate.open(at(230), true)).isFalse();
    assertThat(gate.open(at(231), true)).isTrue();
  }
}
