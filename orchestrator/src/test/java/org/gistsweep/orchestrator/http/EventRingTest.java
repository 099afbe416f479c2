package org.gistsweep.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {
  @Test
  void replaysExactlyTheEventsAfterASeq() {
    EventRing ring = new EventRing(10, 1000);
    for (int i = 1; i <= 5; i++) {
      ring.append("trial", "{\"n\":" + i + "}");
    }
    assertThat(ring.lastSeq()).isEqualTo(5);
    assertThat(ring.after(2).orElseThrow())
        .extracting(EventRing.Event::seq)
        .containsExactly(3L, 4L, 5L);
    assertThat(ring.after(5).orElseThrow()).isEmpty();
    assertThat(ring.after(0).orElseThrow()).hasSize(5);
  }

  @Test
  void aSeqNeverIssuedOrNoLongerHeldNeedsASnapshot() {
    EventRing ring = new EventRing(3, 1000);
    for (int i = 1; i <= 5; i++) {
      ring.append("trial", "x");
    }
    assertThat(ring.after(1)).isEmpty();
    assertThat(ring.after(2).orElseThrow())
        .extracting(EventRing.Event::seq)
        .containsExactly(3L, 4L, 5L);
    assertThat(ring.after(6)).isEmpty();
    assertThat(ring.after(-1)).isEmpty();
  }

  @Test
  void theCharacterBoundDropsOldEventsButKeepsTheNewest() {
    EventRing ring = new EventRing(100, 10);
    ring.append("a", "12345");
    ring.append("b", "12345");
    ring.append("c", "123456789012");
    assertThat(ring.after(2).orElseThrow()).extracting(EventRing.Event::name).containsExactly("c");
    assertThat(ring.after(1)).isEmpty();
  }

  @Test
  void eventIdsRoundTripAndRejectGarbage() {
    assertThat(EventId.parse(new EventId("k3x.a", 42).toString()))
        .contains(new EventId("k3x.a", 42));
    for (String bad : List.of("", "42", ".42", "abc.", "abc.-1", "abc.x")) {
      assertThat(EventId.parse(bad)).as(bad).isEmpty();
    }
    assertThat(EventId.parse(null)).isEmpty();
    assertThatThrownBy(() -> new EventRing(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
