package org.gistsweep.worker.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gistsweep.common.spec.SpecException;
import org.gistsweep.common.spec.TrainingSettings;

/**
 * The JSON file stored beside a trial's weights ({@code best.json} beside {@code
 * best.safetensors}): what the weights are (arch, PEFT method, GIST, classes, the resolved
 * settings), where they come from (study, trial, attempt, sampled params, the backbone's source,
 * file name and sha256), and the epoch they were taken at with its metrics and objective value.
 * {@code evaluate} rebuilds the model from it.
 */
final class ArtifactSidecar {
  /** The sidecar format's version. */
  static final int SCHEMA = 1;

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private ArtifactSidecar() {}

  /** What a sidecar records beyond the settings. */
  record Facts(
      String name,
      VitArch arch,
      int classes,
      EpochResult epoch,
      BestEpoch objective,
      double objectiveValue,
      Backbone backbone,
      Optional<String> backboneSha256,
      int tensors,
      ParamCounts counts,
      WeightsRequest request,
      Instant createdAt) {}

  static String toJson(TrainingSettings s, Facts f) {
    JsonObject o = new JsonObject();
    o.addProperty("schema", SCHEMA);
    o.addProperty("name", f.name());
    o.add("arch", JsonParser.parseString(ArchSidecar.toJson(f.arch(), Map.of())));
    o.addProperty("peft", s.peft().wireName());
    o.addProperty("gist", s.gist());
    o.addProperty("gist_tokens", s.gist() ? s.gistTokens() : 0);
    o.addProperty("classes", f.classes());
    o.add("params", GSON.toJsonTree(f.request().params()));
    o.add("config", GSON.toJsonTree(s.toMap()));
    o.addProperty("epoch", f.epoch().epoch());
    o.add("metrics", metrics(f.epoch()));
    JsonObject objective = new JsonObject();
    objective.addProperty("metric", f.objective().objective().metric());
    objective.addProperty("direction", f.objective().objective().direction());
    objective.add("value", number(f.objectiveValue()));
    o.add("objective", objective);
    JsonObject backbone = new JsonObject();
    backbone.addProperty("source", s.backbone());
    backbone.add(
        "file",
        f.backbone().file() == null
            ? JsonNull.INSTANCE
            : new JsonPrimitive(f.backbone().file().getFileName().toString()));
    backbone.add(
        "sha256",
        f.backboneSha256().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
    o.add("backbone", backbone);
    o.addProperty("tensors", f.tensors());
    o.addProperty("trainable_params", f.counts().trainable());
    o.addProperty("total_params", f.counts().total());
    o.addProperty("study", f.request().study());
    o.addProperty("trial", f.request().trial());
    o.addProperty("attempt", f.request().attempt());
    o.addProperty("created_at", f.createdAt().toString());
    return GSON.toJson(o) + "\n";
  }

  private static JsonObject metrics(EpochResult r) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("val_top1", r.valTop1());
    m.put("train_loss", r.trainLoss());
    m.put("ce_cls", r.ceCls());
    m.put("ce_gist", r.ceGist());
    m.put("kl_cls_gist", r.klClsGist());
    m.put("kl_gist_cls", r.klGistCls());
    m.put("lr", r.lr());
    m.put("epoch_seconds", r.epochSeconds());
    m.put("images_per_second", r.imagesPerSecond());
    JsonObject o = new JsonObject();
    m.forEach((k, v) -> o.add(k, number(v)));
    return o;
  }

  private static JsonElement number(double v) {
    return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
  }

  /**
   * A sidecar as {@code evaluate} needs it.
   *
   * @param settings the trial's resolved settings
   * @param arch the model's arch
   * @param classes the head's classes
   * @param epoch the epoch the weights were taken at
   * @param valTop1 that epoch's recorded val_top1 (on the trial's eval split), if recorded
   * @param backboneSource the trial's {@code backbone} setting
   * @param backboneSha256 the trained-on backbone file's sha256, if it had a file
   */
  record Parsed(
      TrainingSettings settings,
      VitArch arch,
      int classes,
      int epoch,
      Optional<Double> valTop1,
      String backboneSource,
      Optional<String> backboneSha256) {}

  /**
   * Parses a sidecar's text.
   *
   * @param source the file, for messages (which never quote the text)
   * @throws TrainingException ({@code checkpoint}) naming the field that is missing or malformed
   */
  static Parsed parse(String json, Object source) {
    JsonObject o;
    try {
      o = JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw bad(source, "it is not a JSON object");
    }
    TrainingSettings settings;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> config = GSON.fromJson(o.getAsJsonObject("config"), Map.class);
      if (config == null) {
        throw bad(source, "it has no 'config' object (the trial's settings)");
      }
      settings = TrainingSettings.resolve(config, Map.of());
    } catch (SpecException e) {
      throw bad(
          source,
          "its 'config' is not valid training settings ("
              + e.field().replaceFirst("^training", "config")
              + " is wrong)");
    } catch (TrainingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw bad(source, "its 'config' is not an object of training settings");
    }
    JsonObject arch = field(o, "arch", source).isJsonObject() ? o.getAsJsonObject("arch") : null;
    if (arch == null) {
      throw bad(source, "its 'arch' is not an object");
    }
    VitArch a = ArchSidecar.parse(arch.toString(), source + " (its 'arch')");
    int classes = whole(o, "classes", source);
    int epoch = whole(o, "epoch", source);
    Optional<Double> valTop1 = Optional.empty();
    if (o.get("metrics") instanceof JsonObject m
        && m.get("val_top1") instanceof JsonPrimitive p
        && p.isNumber()) {
      valTop1 = Optional.of(p.getAsDouble());
    }
    Optional<String> sha = Optional.empty();
    if (o.get("backbone") instanceof JsonObject b
        && b.get("sha256") instanceof JsonPrimitive p
        && p.isString()) {
      sha = Optional.of(p.getAsString());
    }
    if (classes < 1 || epoch < 0) {
      throw bad(source, "its 'classes' must be at least 1 and its 'epoch' at least 0");
    }
    return new Parsed(settings, a, classes, epoch, valTop1, settings.backbone(), sha);
  }

  private static JsonElement field(JsonObject o, String name, Object source) {
    JsonElement e = o.get(name);
    if (e == null || e.isJsonNull()) {
      throw bad(source, "it has no '" + name + "'");
    }
    return e;
  }

  private static int whole(JsonObject o, String name, Object source) {
    try {
      double v = field(o, name, source).getAsDouble();
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (int) v;
    } catch (TrainingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw bad(source, "its '" + name + "' is not a whole number");
    }
  }

  private static TrainingException bad(Object source, String why) {
    return new TrainingException(
        TrainingException.CHECKPOINT,
        "the sidecar " + source + " is not an artifact sidecar: " + why,
        false,
        null);
  }
}
