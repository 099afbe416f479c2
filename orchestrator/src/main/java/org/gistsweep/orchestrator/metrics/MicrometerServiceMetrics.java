package org.gistsweep.orchestrator.metrics;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.gistsweep.common.wire.WireMessage;
import org.gistsweep.orchestrator.service.ServiceMetrics;
import org.gistsweep.orchestrator.study.Outcome;

/**
 * {@link ServiceMetrics} on Micrometer. Every meter is created up front (per sampler type on first
 * use), so a report is one map lookup and an atomic add: no registry lookup by name per event.
 */
final class MicrometerServiceMetrics implements ServiceMetrics {
  private final MeterRegistry registry;
  private final Map<Class<?>, Map<Outcome.Kind, Counter>> applied = new HashMap<>();
  private final Counter fenced;
  private final Counter unknownStudy;
  private final Timer batchApply;
  private final Timer dispatch;
  private final Counter leaseExpiries;
  private final Counter reissued;
  private final Timer journalAppend;
  private final Map<String, Timer> samplerAsk = new ConcurrentHashMap<>();

  MicrometerServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (JsonSubTypes.Type t : WireMessage.class.getAnnotation(JsonSubTypes.class).value()) {
      Map<Outcome.Kind, Counter> byKind = new EnumMap<>(Outcome.Kind.class);
      for (Outcome.Kind kind : Outcome.Kind.values()) {
        byKind.put(
            kind,
            Counter.builder("gist.worker.events.applied")
                .description(
                    "Worker events applied to a study, by message type and effect (changed,"
                        + " finished, retry, unchanged, ignored, rejected)")
                .tag("type", t.name())
                .tag("outcome", kind.name().toLowerCase(Locale.ROOT))
                .register(registry));
      }
      applied.put(t.value(), byKind);
    }
    fenced = ignored(registry, "fenced");
    unknownStudy = ignored(registry, "unknown_study");
    batchApply =
        histogram(
                "gist.events.apply",
                "Time to apply one batch of worker events on the study owner's context")
            .register(registry);
    dispatch =
        histogram(
                "gist.dispatch.latency",
                "From publishing an attempt's assignment to its worker's trial_started")
            .maximumExpectedValue(Duration.ofMinutes(10))
            .register(registry);
    leaseExpiries =
        Counter.builder("gist.lease.expiries")
            .description("Running attempts whose worker went silent past the lease")
            .register(registry);
    reissued =
        Counter.builder("gist.attempts.reissued")
            .description(
                "Trials issued again as their next attempt, after a failure or an expired lease")
            .register(registry);
    journalAppend =
        histogram(
                "gist.journal.append",
                "From handing entries to the study journal until they are durable")
            .register(registry);
  }

  private static Counter ignored(MeterRegistry registry, String reason) {
    return Counter.builder("gist.messages.ignored")
        .description(
            "Worker messages that changed nothing: fenced (stale attempt, duplicate, too late) or"
                + " for an unknown study")
        .tag("reason", reason)
        .register(registry);
  }

  private static Timer.Builder histogram(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(30));
  }

  @Override
  public void eventApplied(Class<? extends WireMessage> type, Outcome.Kind outcome) {
    Map<Outcome.Kind, Counter> byKind = applied.get(type);
    if (byKind != null) {
      byKind.get(outcome).increment();
    }
    if (outcome == Outcome.Kind.IGNORED) {
      fenced.increment();
    }
  }

  @Override
  public void unknownStudyEvent() {
    unknownStudy.increment();
  }

  @Override
  public void batchApplied(int events, long nanos) {
    batchApply.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void dispatchLatency(long millis) {
    dispatch.record(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void leaseExpired() {
    leaseExpiries.increment();
  }

  @Override
  public void attemptReissued() {
    reissued.increment();
  }

  @Override
  public void journalAppended(long nanos) {
    journalAppend.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void samplerAsked(String samplerType, long nanos) {
    samplerAsk
        .computeIfAbsent(
            samplerType,
            type ->
                histogram(
                        "gist.sampler.ask",
                        "Time a sampler takes to suggest one trial, by sampler type")
                    .tag("sampler", type)
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
