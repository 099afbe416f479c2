/**
 * Prometheus metrics of the orchestrator on Micrometer: the adapter behind the study service's
 * {@link org.gistsweep.orchestrator.service.ServiceMetrics} port and the gauges read at scrape
 * time.
 */
package org.gistsweep.orchestrator.metrics;
