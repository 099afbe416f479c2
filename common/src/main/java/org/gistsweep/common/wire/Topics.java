package org.gistsweep.common.wire;

/** Kafka topic and group names shared by the orchestrator and the workers. */
public final class Topics {
  /** Trial assignments, consumed by workers through the share group {@link #WORKER_GROUP}. */
  public static final String TRIALS = "gist.trials";

  /** Worker events (started, epoch metrics, heartbeats, finished, failed) for the orchestrator. */
  public static final String EVENTS = "gist.events";

  /** Control decisions (prune, cancel), read by every worker. */
  public static final String CONTROL = "gist.control";

  /**
   * Worker events that could not be decoded or that no honest worker sends, with the reason and its
   * kind in headers.
   */
  public static final String DEAD_LETTERS = "gist.dead-letters";

  /**
   * The orchestrator's journal: every change of study state, in order (one partition, kept
   * forever). Written in transactions together with the {@link #TRIALS} and {@link #CONTROL}
   * messages each change caused; replayed when an orchestrator starts.
   */
  public static final String JOURNAL = "gist.journal";

  /** The share group (KIP-932) through which workers take trials one at a time. */
  public static final String WORKER_GROUP = "gist-workers";

  /** The consumer group of orchestrators reading {@link #EVENTS}. */
  public static final String ORCHESTRATOR_GROUP = "gist-orchestrator";

  /** Record header carrying the reason a message went to {@link #DEAD_LETTERS}. */
  public static final String DEAD_LETTER_REASON_HEADER = "gist.dead-letter.reason";

  /** Record header carrying the kind of a dead letter, a {@link DeadLetterKind#tag()}. */
  public static final String DEAD_LETTER_KIND_HEADER = "gist.dead-letter.kind";

  private Topics() {}
}
