package org.gistsweep.worker.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.gistsweep.worker.runtime.WorkerMetrics;
import org.gistsweep.worker.train.DeviceMemory;

/**
 * {@link WorkerMetrics} on Micrometer, every meter tagged with the worker id (so local workers can
 * share the orchestrator's registry): trials by outcome, epoch seconds (a histogram), the latest
 * images per second, the current trial as labels of {@code gist_worker_trial_info} (absent while
 * idle), and memory in use (the GPU's where CUDA reports it, else this process's resident set).
 */
public final class MicrometerWorkerMetrics implements WorkerMetrics {
  private final String worker;
  private final MeterRegistry registry;
  private final Map<String, Counter> trials = new ConcurrentHashMap<>();
  private final Timer epochs;
  private final AtomicLong imagesPerSecondBits = new AtomicLong(Double.doubleToLongBits(0));
  private final AtomicReference<Meter> info = new AtomicReference<>();
  private final AtomicBoolean joined = new AtomicBoolean();

  /** Registers this worker's meters in {@code registry}. */
  public MicrometerWorkerMetrics(MeterRegistry registry, String worker) {
    this.worker = worker;
    this.registry = registry;
    for (String outcome : List.of("complete", "pruned", "failed", "stopped")) {
      trials.put(outcome, counter(outcome));
    }
    epochs =
        Timer.builder("gist.worker.epoch")
            .description("Seconds one training epoch took (training and validation)")
            .tag("worker", worker)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(100))
            .maximumExpectedValue(Duration.ofHours(2))
            .register(registry);
    Gauge.builder(
            "gist.worker.images.per.second",
            imagesPerSecondBits,
            b -> Double.longBitsToDouble(b.get()))
        .description("Training throughput of the latest epoch")
        .tag("worker", worker)
        .strongReference(true)
        .register(registry);
    boolean gpu = DeviceMemory.hasGpu();
    Gauge.builder(
            "gist.worker.memory.used",
            this,
            m -> gpu ? DeviceMemory.gpuBytesInUse().orElse(-1) : ProcessMemory.rssBytes())
        .description(
            "Memory in use: on GPU 0 where CUDA reports it (source=gpu), else this process's"
                + " resident set (source=rss)")
        .baseUnit("bytes")
        .tag("worker", worker)
        .tag("source", gpu ? "gpu" : "rss")
        .strongReference(true)
        .register(registry);
  }

  private Counter counter(String outcome) {
    return Counter.builder("gist.worker.trials")
        .description("Trial attempts this worker ran, by how they ended")
        .tag("worker", worker)
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Whether the share consumer has polled successfully since its last failure (it has joined its
   * group).
   */
  public boolean joined() {
    return joined.get();
  }

  @Override
  public void consumerPolled(boolean ok) {
    joined.set(ok);
  }

  @Override
  public void trialStarted(String study, int trial, int attempt) {
    showTrial(
        Tags.of(
            "study",
            study,
            "trial",
            Integer.toString(trial),
            "attempt",
            Integer.toString(attempt)));
  }

  @Override
  public void epochTrained(double epochSeconds, double imagesPerSecond) {
    if (Double.isFinite(epochSeconds) && epochSeconds >= 0) {
      epochs.record((long) (epochSeconds * 1e9), TimeUnit.NANOSECONDS);
    }
    if (Double.isFinite(imagesPerSecond)) {
      imagesPerSecondBits.set(Double.doubleToLongBits(imagesPerSecond));
    }
  }

  @Override
  public void trialEnded(String outcome) {
    trials.computeIfAbsent(outcome, this::counter).increment();
    idle();
  }

  /** Removes the info gauge: an idle worker has no current trial. */
  private synchronized void idle() {
    Meter previous = info.getAndSet(null);
    if (previous != null) {
      registry.remove(previous);
    }
  }

  /** Replaces the one info gauge: its labels name the trial, so a new trial is a new series. */
  private synchronized void showTrial(Tags labels) {
    idle();
    info.set(
        Gauge.builder("gist.worker.trial.info", () -> 1)
            .description(
                "1, with the study, trial and attempt this worker runs as labels; absent while the"
                    + " worker is idle")
            .tags(labels)
            .tag("worker", worker)
            .register(registry));
  }
}
