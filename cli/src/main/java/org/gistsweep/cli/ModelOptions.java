package org.gistsweep.cli;

import java.util.HashMap;
import java.util.Map;
import org.gistsweep.common.spec.TrainingSettings;
import picocli.CommandLine.Option;

/**
 * The model-shaping options shared by {@code model} and {@code inspect}, turned into training
 * settings.
 */
final class ModelOptions {
  @Option(
      names = "--peft",
      paramLabel = "METHOD",
      defaultValue = "adapter",
      description =
          "PEFT method: adapter, sequential_adapter, lora, vpt_shallow, vpt_deep, ssf, bitfit,"
              + " linear, full (default: ${DEFAULT-VALUE}).")
  String peft;

  @Option(
      names = "--gist",
      negatable = true,
      defaultValue = "false",
      description = "GIST on (one Gist token) or off (default: off).")
  boolean gist;

  @Option(
      names = "--adapter-dim",
      paramLabel = "K",
      description = "Adapter bottleneck width (default: 4).")
  Integer adapterDim;

  @Option(names = "--lora-rank", paramLabel = "R", description = "LoRA rank (default: 8).")
  Integer loraRank;

  @Option(
      names = "--prompt-length",
      paramLabel = "N",
      description = "VPT prompt tokens (default: 10).")
  Integer promptLength;

  /** The settings these options describe, validated like a sweep file's {@code training} block. */
  TrainingSettings settings() {
    Map<String, Object> m = new HashMap<>();
    m.put("peft", peft);
    m.put("gist", gist);
    if (adapterDim != null) {
      m.put("adapter_dim", adapterDim);
    }
    if (loraRank != null) {
      m.put("lora_rank", loraRank);
    }
    if (promptLength != null) {
      m.put("prompt_length", promptLength);
    }
    return TrainingSettings.resolve(m, Map.of());
  }
}
