package org.gistsweep.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.gistsweep.common.spec.TrainingSettings;

/**
 * Looks at models outside a sweep: parameter accounting of an arch under a PEFT method ({@code
 * gist-sweep model}), a checkpoint's logits and loss terms on one batch ({@code gist-sweep
 * inspect}), and writing a freshly initialised model as a checkpoint.
 *
 * <p>Models are built from {@link TrainingSettings} (PEFT method and sizes, GIST on/off, loss
 * weights), so the same names and validation apply as in sweep files.
 */
public final class ModelInspector {
  /**
   * Parameter counts of a model.
   *
   * @param trainable parameters that receive gradients
   * @param total every parameter
   * @param gist Gist token parameters (0 with GIST off)
   * @param peft trainable parameters other than head and Gist token(s)
   * @param head head parameters
   */
  public record Counts(long trainable, long total, long gist, long peft, long head) {
    /**
     * {@code
     * {"trainable_params":..,"total_params":..,"gist_params":..,"peft_params":..,"head_params":..}}.
     */
    public String toJson() {
      return String.format(
          "{\"trainable_params\": %d, \"total_params\": %d, \"gist_params\": %d, \"peft_params\":"
              + " %d, \"head_params\": %d}",
          trainable, total, gist, peft, head);
    }
  }

  /**
   * A checkpoint's outputs on one batch in eval mode; the GIST fields are null with GIST off.
   *
   * @param clsLogits s_cls per sample
   * @param gistLogits s_gist per sample
   * @param ceCls CE(s_cls, y)
   * @param ceGist CE(s_gist, y)
   * @param klClsGist KL(p_cls^T || p_gist^T)
   * @param klGistCls KL(p_gist^T || p_cls^T)
   * @param total the weighted GIST objective
   */
  public record Inspection(
      float[][] clsLogits,
      float[][] gistLogits,
      double ceCls,
      Double ceGist,
      Double klClsGist,
      Double klGistCls,
      double total) {
    /** The inspection as pretty-printed JSON with snake_case keys. */
    public String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cls_logits", clsLogits);
      m.put("gist_logits", gistLogits);
      m.put("ce_cls", ceCls);
      m.put("ce_gist", ceGist);
      m.put("kl_cls_gist", klClsGist);
      m.put("kl_gist_cls", klGistCls);
      m.put("total", total);
      return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(m);
    }
  }

  private ModelInspector() {}

  /**
   * Counts the parameters of arch preset {@code arch} ({@code vit-tiny}, {@code vit-b16}) with
   * {@code classes} classes.
   */
  public static Counts count(String arch, int classes, TrainingSettings s) {
    engine(s);
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model = build(m, preset(arch), classes, s);
      ParamCounts c = ParamCounts.of(model, s.peft());
      return new Counts(c.trainable(), c.total(), c.gist(), c.peft(), c.head());
    }
  }

  /**
   * Writes a freshly initialised model (backbone, trainable parts, head) as a checkpoint with an
   * arch sidecar.
   */
  public static void writeCheckpoint(String arch, int classes, TrainingSettings s, Path out) {
    engine(s);
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model = build(m, preset(arch), classes, s);
      Checkpoints.save(model, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + out + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads every tensor of {@code checkpoint} (backbone under timm names plus the trainable parts of
   * the settings' PEFT method, see {@code worker/CHECKPOINT_NAMES.md}) and runs {@code batch} in
   * eval mode.
   *
   * @param arch an arch preset, or null to use the checkpoint's {@code .json} sidecar (else infer
   *     it)
   * @param batch an {@code .npz} with {@code images} float32 (B, 3, H, W), already normalised, and
   *     {@code labels} int64 (B)
   * @throws TrainingException naming a missing tensor or a tensor with its expected and found shape
   */
  public static Inspection inspect(Path checkpoint, String arch, TrainingSettings s, Path batch)
      throws IOException {
    Path real = LocalFiles.regularFile(checkpoint, "checkpoint");
    if (!real.getFileName().toString().endsWith(".npz")
        && "trainable".equals(LocalFiles.metadata(real, checkpoint).get("tensors"))) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "checkpoint "
              + checkpoint
              + " holds only the tensors a trial trained (a stored artifact): give the backbone it"
              + " was trained on with --backbone FILE|builtin:NAME",
          false,
          null);
    }
    Backbone b =
        BackboneResolver.resolve(checkpoint.toString(), checkpoint.toAbsolutePath().getParent());
    VitArch a = arch == null ? b.arch() : preset(arch);
    return inspect(
        b.tensors(),
        checkpoint,
        a,
        s,
        batch,
        model -> Checkpoints.load(model, b.tensors(), e -> true, checkpoint.toString()));
  }

  /**
   * As {@link #inspect(Path, String, TrainingSettings, Path)}; with {@code backbone} ({@code FILE},
   * {@code builtin:NAME}) the backbone tensors come from it and {@code checkpoint} needs only the
   * tensors the settings' PEFT method trains (a stored trial artifact such as {@code
   * best.safetensors}).
   *
   * @param backbone the backbone: {@code FILE}, {@code builtin:NAME} or {@code random:ARCH}
   * @param cacheDir where built-in backbones are extracted
   */
  public static Inspection inspect(
      Path checkpoint, String arch, TrainingSettings s, Path batch, String backbone, Path cacheDir)
      throws IOException {
    Backbone b = LocalFiles.backbone(backbone, cacheDir);
    Map<String, SafeTensors.Tensor> trained = LocalFiles.tensors(checkpoint, "checkpoint");
    VitArch a = arch == null ? b.arch() : preset(arch);
    return inspect(
        trained,
        checkpoint,
        a,
        s,
        batch,
        model -> {
          if (b.pretrained()) {
            Checkpoints.load(model, b.tensors(), Checkpoints::isBackbone, b.source());
          }
          Checkpoints.load(
              model, trained, e -> TrainableSet.trains(e, s.peft()), checkpoint.toString());
        });
  }

  private static Inspection inspect(
      Map<String, SafeTensors.Tensor> tensors,
      Path checkpoint,
      VitArch a,
      TrainingSettings s,
      Path batch,
      Consumer<GistVit> load)
      throws IOException {
    SafeTensors.Tensor head = tensors.get("head.weight");
    if (head == null) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "checkpoint " + checkpoint + " has no tensor head.weight",
          false,
          null);
    }
    int classes = (int) head.shape()[0];
    Map<String, Npz.Array> arrays = Npz.read(batch);
    Npz.Array images = require(arrays, "images", batch);
    Npz.Array labels = require(arrays, "labels", batch);
    long[] expected = {images.shape()[0], 3, a.imageSize(), a.imageSize()};
    if (!Arrays.equals(images.shape(), expected) || images.integer()) {
      throw new IllegalArgumentException(
          "batch "
              + batch
              + ": images must be float32 "
              + Arrays.toString(expected)
              + " (B, 3, H, W), found "
              + Arrays.toString(images.shape()));
    }
    int[] y = new int[labels.data().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = (int) labels.data()[i];
      if (y[i] < 0 || y[i] >= classes) {
        throw new IllegalArgumentException(
            "batch " + batch + ": label " + y[i] + " at " + i + " is outside [0, " + classes + ")");
      }
    }
    if (y.length != expected[0]) {
      throw new IllegalArgumentException(
          "batch " + batch + ": " + y.length + " labels for " + expected[0] + " images");
    }
    engine(s);
    try (NDManager m = NDManager.newBaseManager()) {
      GistVit model = build(m, a, classes, s);
      load.accept(model);
      NDArray x = m.create(images.data(), new Shape(images.shape()));
      GistVit.Logits logits = model.forward(x, false);
      GistLoss.Terms t = GistLoss.of(s).compute(logits, y);
      return new Inspection(
          rows(logits.cls()),
          logits.gist() == null ? null : rows(logits.gist()),
          t.ceCls().getFloat(),
          value(t.ceGist()),
          value(t.klClsGist()),
          value(t.klGistCls()),
          t.total().getFloat());
    }
  }

  private static GistVit build(NDManager m, VitArch arch, int classes, TrainingSettings s) {
    return new GistVit(
        m,
        arch,
        classes,
        PeftSpec.of(s),
        new GistInitSpec(s.gistInit(), s.gistInitScale()),
        s.seed());
  }

  private static VitArch preset(String arch) {
    return VitArch.preset(arch)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown arch '" + arch + "'; known: vit-tiny, vit-b16"));
  }

  private static void engine(TrainingSettings s) {
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(s.threads());
    JniUtils.setGradMode(false);
  }

  private static Npz.Array require(Map<String, Npz.Array> arrays, String name, Path batch) {
    Npz.Array a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "batch " + batch + " has no array '" + name + "' (has " + arrays.keySet() + ")");
    }
    return a;
  }

  private static Double value(NDArray scalar) {
    return scalar == null ? null : (double) scalar.getFloat();
  }

  private static float[][] rows(NDArray logits) {
    int n = (int) logits.getShape().get(0);
    int c = (int) logits.getShape().get(1);
    float[] flat = logits.toFloatArray();
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
    }
    return out;
  }
}
