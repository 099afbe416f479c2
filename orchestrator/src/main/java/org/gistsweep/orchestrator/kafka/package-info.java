/**
 * Kafka adapters: topology setup, the trial publisher and the event consumer loop (one thread owns
 * the consumer). No Vert.x here: the loop hands batches to an {@link
 * org.gistsweep.orchestrator.kafka.EventBatchHandler}.
 */
package org.gistsweep.orchestrator.kafka;
