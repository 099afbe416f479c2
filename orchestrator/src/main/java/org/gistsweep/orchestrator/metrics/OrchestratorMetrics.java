package org.gistsweep.orchestrator.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;
import org.gistsweep.common.wire.DeadLetterKind;
import org.gistsweep.orchestrator.service.ServiceMetrics;
import org.gistsweep.orchestrator.service.StudyService;

/**
 * The orchestrator's meters in one Prometheus registry: the JVM and process meters Micrometer binds
 * by default, what the {@link StudyService} reports through {@link #service()}, the study and trial
 * gauges, and gauges the adapters add (consumer lag, SSE clients). {@link #scrape()} gives the
 * Prometheus text exposition served at {@code GET /metrics}.
 */
public final class OrchestratorMetrics implements AutoCloseable {
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final MicrometerServiceMetrics service;
  private volatile StudyGauges studies;

  private OrchestratorMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    // two of Micrometer's defaults break Prometheus naming rules (promtool check metrics):
    // process_cpu_time_ns_total (an abbreviated unit; process_cpu_usage stays) and a gauge named
    // *_count
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    this.service = new MicrometerServiceMetrics(registry);
  }

  /** A fresh registry with the JVM and process meters bound. */
  public static OrchestratorMetrics create() {
    return new OrchestratorMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** The registry, for adapters that add their own meters (Vert.x, local workers). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Where the study service reports events, dispatch, leases, the journal and sampling. */
  public ServiceMetrics service() {
    return service;
  }

  /**
   * Reports into this registry from {@code studyService} and adds its gauges: studies by state,
   * trials by state per study, dead-lettered records. Call once.
   */
  public void watch(StudyService studyService) {
    studyService.setMetrics(service);
    studies = new StudyGauges(registry, studyService::studies);
    FunctionCounter.builder("gist.dead.letters", studyService, s -> (double) s.deadLettered())
        .description(
            "Worker records sent to the dead-letter topic: undecodable, or what no honest worker"
                + " sends")
        .register(registry);
    for (DeadLetterKind kind : DeadLetterKind.values()) {
      FunctionCounter.builder(
              "gist.dead.letters.by.kind", studyService, s -> (double) s.deadLettered(kind))
          .description(
              "Worker records sent to the dead-letter topic, by kind (undecodable, invalid, token,"
                  + " unknown_attempt, wrong_worker, out_of_order, out_of_range)")
          .tag("kind", kind.tag())
          .register(registry);
    }
  }

  /** Adds a gauge read at each scrape from {@code value} (cheap, thread-safe). */
  public void gauge(String name, String description, DoubleSupplier value) {
    Gauge.builder(name, value, DoubleSupplier::getAsDouble)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** Adds a gauge read from {@code source} at each scrape. */
  public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
    Gauge.builder(name, source, value)
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  /** Every meter in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    StudyGauges s = studies;
    if (s != null) {
      s.refresh();
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
