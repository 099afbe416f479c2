/**
 * A Kafka broker for GIST Sweep without Docker: {@link
 * org.gistsweep.cli.broker.EmbeddedKafkaBroker} runs a real single-node Kafka 4.4.0 KRaft broker
 * (combined broker and controller, share groups enabled) inside the JVM, and {@link
 * org.gistsweep.cli.broker.BrokerProbe} checks that a broker is reachable and creates topics.
 * {@link org.gistsweep.cli.broker.ShareGroups} holds the share group settings that hand exactly one
 * trial to each worker.
 */
package org.gistsweep.cli.broker;
