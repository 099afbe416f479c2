package org.gistsweep.worker.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.files.FileDigests;

/**
 * What an epoch checkpoint must fit to be resumed from: the arch, the PEFT method and Gist tokens,
 * the class count, the trial's sampled params, its resolved training settings (less those that say
 * where and how often, not what: {@code device}, {@code threads}, {@code resume}, {@code
 * resume_every}) and the backbone (the sha256 of its file, or its {@code random:}/builtin name).
 * Stored as JSON in the checkpoint's header; {@link #mismatch} names the parts that differ, never
 * their values.
 */
final class CheckpointFingerprint {
  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();
  private static final Set<String> NOT_FITTED =
      Set.of("device", "threads", "resume", "resume_every");
  private static final List<String> PARTS =
      List.of("arch", "peft", "gist_tokens", "classes", "backbone", "params", "config");

  private CheckpointFingerprint() {}

  /** The fingerprint of the trial {@code model} trains with {@code settings} and {@code params}. */
  static String of(
      GistVit model, TrainingSettings settings, Map<String, Object> params, Backbone backbone) {
    JsonObject o = new JsonObject();
    o.addProperty("arch", ArchSidecar.toJson(model.arch(), Map.of()));
    o.addProperty("peft", model.peft().method().wireName());
    o.addProperty("gist_tokens", model.peft().gistTokens());
    o.addProperty("classes", model.classes());
    o.addProperty("backbone", backboneIdentity(backbone));
    o.add("params", GSON.toJsonTree(new TreeMap<>(params)));
    TreeMap<String, Object> config = new TreeMap<>(settings.toMap());
    config.keySet().removeAll(NOT_FITTED);
    o.add("config", GSON.toJsonTree(config));
    return GSON.toJson(o);
  }

  /**
   * The parts in which {@code stored} (a checkpoint's fingerprint) differs from {@code expected},
   * e.g. {@code "params (lr, seed)"}, or {@code null} when it fits.
   */
  static String mismatch(String expected, String stored) {
    JsonObject want = JsonParser.parseString(expected).getAsJsonObject();
    JsonObject got;
    try {
      got = JsonParser.parseString(stored).getAsJsonObject();
    } catch (RuntimeException e) {
      return "an unreadable fingerprint";
    }
    List<String> differ = new ArrayList<>();
    for (String part : PARTS) {
      JsonElement w = want.get(part);
      JsonElement g = got.get(part);
      if (w != null && w.isJsonObject() && g != null && g.isJsonObject()) {
        List<String> keys = differingKeys(w.getAsJsonObject(), g.getAsJsonObject());
        if (!keys.isEmpty()) {
          differ.add(part + " (" + String.join(", ", keys) + ")");
        }
      } else if (w == null ? g != null : !w.equals(g)) {
        differ.add(part);
      }
    }
    return differ.isEmpty() ? null : String.join(", ", differ);
  }

  private static List<String> differingKeys(JsonObject want, JsonObject got) {
    TreeMap<String, Boolean> keys = new TreeMap<>();
    want.keySet().forEach(k -> keys.put(k, true));
    got.keySet().forEach(k -> keys.put(k, true));
    List<String> out = new ArrayList<>();
    for (String k : keys.keySet()) {
      JsonElement w = want.get(k);
      JsonElement g = got.get(k);
      if (w == null || !w.equals(g)) {
        out.add(k);
      }
    }
    return out;
  }

  private static String backboneIdentity(Backbone backbone) {
    if (backbone.file() == null) {
      return backbone.source();
    }
    try {
      return "sha256:" + FileDigests.sha256(backbone.file());
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read backbone "
              + backbone.source()
              + " to fingerprint the trial's checkpoints: "
              + e.getMessage(),
          true,
          e);
    }
  }
}
