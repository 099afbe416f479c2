package org.gistsweep.common.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The complete, validated training configuration of one trial: the sweep's fixed {@code training}
 * settings overlaid with the trial's sampled parameters.
 *
 * <p>Every field is a sweepable knob with the snake_case name listed in {@link #SETTINGS}. Defaults
 * follow the GIST reference recipe (Gist CE weight 0.5, KL weights 0.75 each way, T = 3, uniform
 * Gist init with a = 0.5, Gist dropout 0.1) except the schedule, which is scaled down for short
 * sweeps. {@code kl_weight} is a convenience that sets both KL directions unless one is given.
 */
public record TrainingSettings(
    String task,
    String dataDir,
    String backbone,
    PeftMethod peft,
    int adapterDim,
    double adapterScale,
    int loraRank,
    double loraAlpha,
    boolean gist,
    int gistTokens,
    double gistCeWeight,
    double klClsGistWeight,
    double klGistClsWeight,
    double temperature,
    GistInit gistInit,
    double gistInitScale,
    double gistDropout,
    double lr,
    double weightDecay,
    int epochs,
    int warmupEpochs,
    int cooldownEpochs,
    int batchSize,
    double dropPath,
    long seed,
    int threads,
    String device,
    String precision,
    String trainSplit,
    String evalSplit,
    int promptLength,
    String recipe,
    boolean saveCheckpoint,
    String checkpointDir,
    ArtifactsSetting artifacts,
    boolean resume,
    int resumeEvery) {

  private static final List<String> PEFT_NAMES =
      Arrays.stream(PeftMethod.values()).map(PeftMethod::wireName).toList();
  private static final List<String> INIT_NAMES =
      Arrays.stream(GistInit.values()).map(GistInit::wireName).toList();
  private static final List<String> ARTIFACT_NAMES =
      Arrays.stream(ArtifactsSetting.values()).map(ArtifactsSetting::wireName).toList();

  /**
   * The default of the legacy {@code checkpoint_dir}: any other value is warned about (it is
   * ignored).
   */
  private static final String LEGACY_CHECKPOINT_DIR = "checkpoints";

  /** Every known setting, in documentation order. */
  public static final List<Setting> SETTINGS =
      List.of(
          Setting.text("task", "synthetic-shapes", "task folder name under data_dir, e.g. cifar"),
          Setting.text(
              "data_dir",
              "",
              "root of the VTAB-1K layout, under a worker data root; empty = the built-in data"),
          Setting.text(
              "backbone",
              "builtin:vit-tiny-shapes",
              "checkpoint file under a worker weights root, or builtin:NAME"),
          Setting.choice("peft", "adapter", PEFT_NAMES, "PEFT method"),
          Setting.number("adapter_dim", SettingKind.INT, 4, 1, 4096, "adapter bottleneck width"),
          Setting.number("adapter_scale", SettingKind.FLOAT, 0.1, 0, 100, "adapter output scale"),
          Setting.number("lora_rank", SettingKind.INT, 8, 1, 4096, "LoRA rank r"),
          Setting.number(
              "lora_alpha", SettingKind.FLOAT, 8.0, 0, 10_000, "LoRA alpha (scale alpha/r)"),
          Setting.flag("gist", true, "GIST on (true) or the plain PEFT baseline (false)"),
          Setting.number("gist_tokens", SettingKind.INT, 1, 1, 64, "number of Gist tokens"),
          Setting.number(
              "gist_ce_weight", SettingKind.FLOAT, 0.5, 0, 100, "weight of CE on Gist logits"),
          Setting.number("kl_weight", SettingKind.FLOAT, null, 0, 100, "sets both KL weights"),
          Setting.number(
              "kl_cls_gist_weight", SettingKind.FLOAT, 0.75, 0, 100, "weight of KL(cls||gist)"),
          Setting.number(
              "kl_gist_cls_weight", SettingKind.FLOAT, 0.75, 0, 100, "weight of KL(gist||cls)"),
          Setting.number(
              "temperature", SettingKind.FLOAT, 3.0, 1e-3, 1_000, "KL softmax temperature T"),
          Setting.choice("gist_init", "uniform", INIT_NAMES, "Gist token initialisation"),
          Setting.number(
              "gist_init_scale",
              SettingKind.FLOAT,
              0.5,
              0,
              100,
              "a of uniform(-a,a) or std of normal"),
          Setting.number(
              "gist_dropout", SettingKind.FLOAT, 0.1, 0, 0.99, "dropout on the Gist token"),
          Setting.number("lr", SettingKind.FLOAT, 5e-3, 1e-10, 100, "peak learning rate"),
          Setting.number("weight_decay", SettingKind.FLOAT, 5e-5, 0, 10, "AdamW weight decay"),
          Setting.number("epochs", SettingKind.INT, 3, 1, 100_000, "training epochs"),
          Setting.number("warmup_epochs", SettingKind.INT, 0, 0, 100_000, "linear warm-up epochs"),
          Setting.number(
              "cooldown_epochs", SettingKind.INT, 0, 0, 100_000, "epochs at the final lr"),
          Setting.number("batch_size", SettingKind.INT, 32, 1, 65_536, "images per step"),
          Setting.number("drop_path", SettingKind.FLOAT, 0.0, 0, 0.99, "stochastic depth rate"),
          Setting.number("seed", SettingKind.INT, 42, 0, Integer.MAX_VALUE, "training seed"),
          Setting.number("threads", SettingKind.INT, 1, 1, 1024, "intra-op threads on CPU"),
          Setting.choice("device", "auto", List.of("auto", "cpu", "gpu"), "where to train"),
          Setting.choice(
              "precision",
              "fp32",
              List.of("fp32", "fp16"),
              "numeric precision (fp16 = mixed precision)"),
          Setting.text("train_split", "train800val200", "split file to train on"),
          Setting.text("eval_split", "test", "split file to evaluate on after every epoch"),
          Setting.number(
              "prompt_length", SettingKind.INT, 10, 1, 1024, "VPT prompt tokens per layer"),
          Setting.choice(
              "recipe",
              "none",
              List.of("none", "vtab"),
              "training recipe (vtab: per-task lr, weight_decay, drop_path unless set)"),
          Setting.flag("save_checkpoint", false, "legacy: true means artifacts: best_and_last"),
          Setting.text(
              "checkpoint_dir",
              LEGACY_CHECKPOINT_DIR,
              "legacy, ignored: weights go to the artifact store"),
          Setting.choice("artifacts", "best", ARTIFACT_NAMES, "weights to store"),
          Setting.flag(
              "resume",
              true,
              "store an epoch checkpoint so a reissued attempt resumes from it (needs a worker"
                  + " artifact store)"),
          Setting.number(
              "resume_every", SettingKind.INT, 1, 1, 100_000, "epochs between epoch checkpoints"));

  private static final Map<String, Setting> BY_NAME =
      SETTINGS.stream()
          .collect(Collectors.toMap(Setting::name, s -> s, (a, b) -> a, LinkedHashMap::new));

  /** The known setting called {@code name}, if any. */
  public static Optional<Setting> setting(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The known setting names joined for error messages. */
  public static String knownNames() {
    return String.join(", ", BY_NAME.keySet());
  }

  /** The reference defaults, with nothing overridden. */
  public static TrainingSettings defaults() {
    return resolve(Map.of(), Map.of());
  }

  /**
   * Validates {@code fixed} (the sweep's {@code training} block) overlaid with {@code params} (a
   * trial's sampled parameters) and builds the settings.
   *
   * @throws SpecException naming the unknown key or bad value
   */
  public static TrainingSettings resolve(Map<String, ?> fixed, Map<String, ?> params) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Setting s : SETTINGS) {
      values.put(s.name(), s.defaultValue());
    }
    apply("training", fixed, values);
    apply("params", params, values);
    Object kl = values.get("kl_weight");
    boolean clsGistGiven =
        fixed.containsKey("kl_cls_gist_weight") || params.containsKey("kl_cls_gist_weight");
    boolean gistClsGiven =
        fixed.containsKey("kl_gist_cls_weight") || params.containsKey("kl_gist_cls_weight");
    if (kl != null) {
      if (!clsGistGiven) {
        values.put("kl_cls_gist_weight", kl);
      }
      if (!gistClsGiven) {
        values.put("kl_gist_cls_weight", kl);
      }
    }
    applyRecipe(fixed, params, values);
    return fromValues(values);
  }

  /**
   * With {@code recipe: vtab}, fills lr / weight_decay / drop_path from {@link VtabRecipe} unless
   * given.
   */
  private static void applyRecipe(
      Map<String, ?> fixed, Map<String, ?> params, Map<String, Object> values) {
    if (!"vtab".equals(values.get("recipe"))) {
      return;
    }
    String task = (String) values.get("task");
    VtabRecipe.Entry r =
        VtabRecipe.forTask(task)
            .orElseThrow(
                () ->
                    new SpecException(
                        "training.recipe",
                        "recipe 'vtab' has no entry for task '"
                            + task
                            + "'; VTAB tasks: "
                            + VtabRecipe.taskNames()
                            + " (or use recipe: none)"));
    Map<String, Double> table =
        Map.of("lr", r.lr(), "weight_decay", r.weightDecay(), "drop_path", r.dropPath());
    table.forEach(
        (name, value) -> {
          if (!fixed.containsKey(name) && !params.containsKey(name)) {
            values.put(name, value);
          }
        });
  }

  private static void apply(String where, Map<String, ?> source, Map<String, Object> into) {
    for (Map.Entry<String, ?> e : source.entrySet()) {
      Setting s = BY_NAME.get(e.getKey());
      String field = where + "." + e.getKey();
      if (s == null) {
        throw new SpecException(field, "unknown training setting; known settings: " + knownNames());
      }
      into.put(s.name(), s.coerce(field, e.getValue()));
    }
  }

  private static TrainingSettings fromValues(Map<String, Object> v) {
    return new TrainingSettings(
        (String) v.get("task"),
        (String) v.get("data_dir"),
        (String) v.get("backbone"),
        PeftMethod.fromWireName((String) v.get("peft")).orElseThrow(),
        num(v, "adapter_dim").intValue(),
        num(v, "adapter_scale").doubleValue(),
        num(v, "lora_rank").intValue(),
        num(v, "lora_alpha").doubleValue(),
        (Boolean) v.get("gist"),
        num(v, "gist_tokens").intValue(),
        num(v, "gist_ce_weight").doubleValue(),
        num(v, "kl_cls_gist_weight").doubleValue(),
        num(v, "kl_gist_cls_weight").doubleValue(),
        num(v, "temperature").doubleValue(),
        GistInit.fromWireName((String) v.get("gist_init")).orElseThrow(),
        num(v, "gist_init_scale").doubleValue(),
        num(v, "gist_dropout").doubleValue(),
        num(v, "lr").doubleValue(),
        num(v, "weight_decay").doubleValue(),
        num(v, "epochs").intValue(),
        num(v, "warmup_epochs").intValue(),
        num(v, "cooldown_epochs").intValue(),
        num(v, "batch_size").intValue(),
        num(v, "drop_path").doubleValue(),
        num(v, "seed").longValue(),
        num(v, "threads").intValue(),
        (String) v.get("device"),
        (String) v.get("precision"),
        (String) v.get("train_split"),
        (String) v.get("eval_split"),
        num(v, "prompt_length").intValue(),
        (String) v.get("recipe"),
        (Boolean) v.get("save_checkpoint"),
        (String) v.get("checkpoint_dir"),
        ArtifactsSetting.fromWireName((String) v.get("artifacts")).orElseThrow(),
        (Boolean) v.get("resume"),
        num(v, "resume_every").intValue());
  }

  private static Number num(Map<String, Object> v, String key) {
    return (Number) v.get(key);
  }

  /** These settings as a map keyed by setting name (the form trial configs travel in). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", task);
    m.put("data_dir", dataDir);
    m.put("backbone", backbone);
    m.put("peft", peft.wireName());
    m.put("adapter_dim", adapterDim);
    m.put("adapter_scale", adapterScale);
    m.put("lora_rank", loraRank);
    m.put("lora_alpha", loraAlpha);
    m.put("gist", gist);
    m.put("gist_tokens", gistTokens);
    m.put("gist_ce_weight", gistCeWeight);
    m.put("kl_cls_gist_weight", klClsGistWeight);
    m.put("kl_gist_cls_weight", klGistClsWeight);
    m.put("temperature", temperature);
    m.put("gist_init", gistInit.wireName());
    m.put("gist_init_scale", gistInitScale);
    m.put("gist_dropout", gistDropout);
    m.put("lr", lr);
    m.put("weight_decay", weightDecay);
    m.put("epochs", epochs);
    m.put("warmup_epochs", warmupEpochs);
    m.put("cooldown_epochs", cooldownEpochs);
    m.put("batch_size", batchSize);
    m.put("drop_path", dropPath);
    m.put("seed", seed);
    m.put("threads", threads);
    m.put("device", device);
    m.put("precision", precision);
    m.put("train_split", trainSplit);
    m.put("eval_split", evalSplit);
    m.put("prompt_length", promptLength);
    m.put("recipe", recipe);
    m.put("save_checkpoint", saveCheckpoint);
    m.put("checkpoint_dir", checkpointDir);
    m.put("artifacts", artifacts.wireName());
    m.put("resume", resume);
    m.put("resume_every", resumeEvery);
    return Collections.unmodifiableMap(m);
  }

  /**
   * The weights this trial stores: {@link #artifacts()}, except that the legacy {@code
   * save_checkpoint: true} means {@link ArtifactsSetting#BEST_AND_LAST}.
   */
  public ArtifactsSetting storedArtifacts() {
    return saveCheckpoint ? ArtifactsSetting.BEST_AND_LAST : artifacts;
  }

  /**
   * Whether the worker stores a checkpoint after 1-based {@code epoch}: with {@code resume} on,
   * every {@code resume_every}-th epoch, never after the last (nothing is left to resume).
   */
  public boolean checkpointsAfter(int epoch) {
    return resume && epoch < epochs && epoch % resumeEvery == 0;
  }

  /** One line per legacy setting these settings use, saying what it means now (empty when none). */
  public List<String> legacyWarnings() {
    List<String> warnings = new ArrayList<>();
    if (saveCheckpoint) {
      warnings.add(
          "training.save_checkpoint is legacy: true now means artifacts: best_and_last (the best"
              + " and last epochs' trainable weights go to the artifact store)");
    }
    if (!LEGACY_CHECKPOINT_DIR.equals(checkpointDir)) {
      warnings.add(
          "training.checkpoint_dir is legacy and ignored: weights go to the worker's artifact store"
              + " (--artifacts), under <study>/<trial>/<attempt>/");
    }
    return List.copyOf(warnings);
  }
}
