/**
 * The worker's Prometheus metrics on Micrometer ({@link
 * org.gistsweep.worker.metrics.MicrometerWorkerMetrics}, behind the runtime's {@link
 * org.gistsweep.worker.runtime.WorkerMetrics} port) and its optional monitoring port ({@link
 * org.gistsweep.worker.metrics.MetricsServer}).
 */
package org.gistsweep.worker.metrics;
