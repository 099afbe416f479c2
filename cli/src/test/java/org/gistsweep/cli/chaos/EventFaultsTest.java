package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.junit.jupiter.api.Test;

/** The chaos suite's injected records are what they claim to be. */
class EventFaultsTest {

  @Test
  void everyGarbageRecordFailsToDecode() {
    assertThat(EventFaults.garbage("s")).hasSize(12).allSatisfy(g ->
        assertThatThrownBy(() -> WireCodec.decode(g.value())).as(g.what()).isInstanceOf(WireFormatException.class));
  }

  @Test
  void everyForgeryDecodesSoOnlyFencingCanStopIt() {
    assertThat(EventFaults.forgeries("s")).allSatisfy(m -> assertThat(WireCodec.decode(WireCodec.encode(m))).isEqualTo(m));
  }
}
