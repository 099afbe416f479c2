package org.gistsweep.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.gistsweep.common.wire.WireCodec;
import org.gistsweep.common.wire.WireFormatException;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.common.wire.WorkerReport;
import org.gistsweep.common.wire.WorkerReportChecks;
import org.junit.jupiter.api.Test;

/** The chaos suite's injected records are what they claim to be. */
class EventFaultsTest {

  @Test
  void everyGarbageRecordFailsToDecode() {
    assertThat(EventFaults.garbage("s"))
        .hasSize(12)
        .allSatisfy(
            g ->
                assertThatThrownBy(() -> WireCodec.decode(g.value()))
                    .as(g.what())
                    .isInstanceOf(WireFormatException.class));
  }

  @Test
  void everyForgeryDecodesAndPassesTheIngressChecksSoOnlyTheStudyCanStopIt() {
    List<WireMessage> all = new ArrayList<>(EventFaults.forgeries("s"));
    all.add(EventFaults.unknownStudyForgery("s"));
    assertThat(all)
        .allSatisfy(
            m -> {
              assertThat(WireCodec.decode(WireCodec.encode(m))).isEqualTo(m);
              assertThat(WorkerReportChecks.problem(m)).isNull();
              assertThat(((WorkerReport) m).attemptToken()).isNull();
            });
  }
}
