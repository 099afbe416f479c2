package org.gistsweep.cli.broker;

/** A broker a test class runs against: in-JVM, external, or a Testcontainers container. */
public interface TestBroker extends AutoCloseable {

  /** The {@code bootstrap.servers} address of the broker. */
  String bootstrap();

  /**
   * What kind of broker this is, for reports: {@code in-jvm}, {@code external}, {@code container}.
   */
  String kind();

  /** Stops the broker when this test owns it; does nothing for an external one. */
  @Override
  void close();
}
