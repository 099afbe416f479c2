/**
 * A load harness, not the product: it starts the real {@link
 * org.gistsweep.orchestrator.Orchestrator} against a real Kafka broker, plus many simulated workers
 * whose "training" takes (almost) no time, and measures what the orchestrator and the trial
 * hand-out can sustain: worker events applied per second, dispatch latency (trial created to a
 * worker holding it) and orchestrator heap per trial.
 *
 * <p>The simulated workers speak the real wire protocol through the real share group, as {@code
 * WorkerNode} does: each owns one {@code KafkaShareConsumer} on its own thread, takes one
 * assignment per poll, sends {@code heartbeat} and a durable {@code trial_started}, then ACCEPTs
 * the record, reports every epoch, waits for the pruner's decision when the assignment asks for it,
 * honours {@code trial_control} (prune, cancel) and ends with a durable {@code trial_finished}.
 * Unlike {@code WorkerNode}, they share a few producers and one reader of the control topic, so
 * that hundreds fit in one JVM next to the orchestrator (see {@link
 * org.gistsweep.cli.loadharness.WorkerFleet}). Entry point: {@link
 * org.gistsweep.cli.loadharness.LoadHarness}, run by {@code ./gist-sweep bench-load}.
 */
package org.gistsweep.cli.loadharness;
