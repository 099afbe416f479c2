package org.gistsweep.common.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The parameter-efficient fine-tuning methods a worker can train, each usable with GIST on or off.
 *
 * <p>The wire name ({@link #wireName()}) is what sweep files and trial configurations use.
 */
public enum PeftMethod {
  /** The GIST reference "shared parallel adapter": one bottleneck adapter per block, used twice. */
  ADAPTER("adapter"),
  /** Linear probe: only the classification head (and Gist tokens) train. */
  LINEAR("linear"),
  /** Full fine-tuning: every backbone tensor trains. */
  FULL("full"),
  /** BitFit: only bias vectors (and the head) train. */
  BITFIT("bitfit"),
  /** LoRA of rank {@code lora_rank} on the query and value projections. */
  LORA("lora"),
  /**
   * Houlsby-style sequential adapters (bottleneck {@code adapter_dim}) after MHSA and after the
   * MLP.
   */
  SEQUENTIAL_ADAPTER("sequential_adapter"),
  /**
   * VPT shallow: {@code prompt_length} learnable prompt tokens inserted once, before the first
   * block.
   */
  VPT_SHALLOW("vpt_shallow"),
  /**
   * VPT deep: new {@code prompt_length} prompt tokens per block, replacing the previous block's.
   */
  VPT_DEEP("vpt_deep"),
  /**
   * SSF: learnable per-channel scale (init 1) and shift (init 0) after every linear and norm op.
   */
  SSF("ssf");

  private final String wireName;

  PeftMethod(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name used in sweep files and on the wire. */
  public String wireName() {
    return wireName;
  }

  /** Looks a method up by its wire name, case-insensitively. */
  public static Optional<PeftMethod> fromWireName(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.wireName.equals(wanted)).findFirst();
  }

  /** The wire names joined for error messages, e.g. {@code adapter, linear, full}. */
  public static String knownNames() {
    return Arrays.stream(values()).map(PeftMethod::wireName).collect(Collectors.joining(", "));
  }
}
