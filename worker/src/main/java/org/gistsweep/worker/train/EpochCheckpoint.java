package org.gistsweep.worker.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file of one epoch checkpoint: a safetensors file whose tensors are the trainable tensors
 * ({@code trainable/NAME}, the FP32 masters under FP16), AdamW's moments ({@code adam_m/NAME},
 * {@code adam_v/NAME}) and, when the best epoch so far is an earlier one, that epoch's trainable
 * tensors ({@code best/NAME}); its header's metadata holds the rest of the {@link State}.
 */
final class EpochCheckpoint {
  static final String FORMAT = "gist-sweep-epoch-checkpoint/1";
  static final String TRAINABLE = "trainable/";
  static final String MOMENT1 = "adam_m/";
  static final String MOMENT2 = "adam_v/";
  static final String BEST = "best/";

  /** {@code best_weights}: the best epoch is this one (its tensors are {@code trainable/}). */
  static final String BEST_IS_THIS_EPOCH = "trainable";

  /** {@code best_weights}: the best epoch's tensors are {@code best/}. */
  static final String BEST_STORED = "best";

  /**
   * {@code best_weights}: the trial keeps no best weights (or could not), so the checkpoint has
   * none.
   */
  static final String BEST_ABSENT = "none";

  private EpochCheckpoint() {}

  /**
   * What training needs besides the tensors to go on exactly where it stopped.
   *
   * @param epoch the last epoch trained (1-based)
   * @param fingerprint the trial's {@link CheckpointFingerprint}
   * @param adamSteps AdamW updates applied (its bias correction)
   * @param lossScale the FP16 loss scaler
   * @param shuffles epoch orders drawn from the data-order random source
   * @param dropoutDraws numbers the dropout and drop-path masks drew
   * @param history the metrics of epochs 1..epoch
   * @param bestEpoch the best epoch so far by the objective
   * @param bestAtMillis when the best epoch's weights were kept
   * @param bestWeights where the best epoch's tensors are: {@link #BEST_IS_THIS_EPOCH}, {@link
   *     #BEST_STORED}, {@link #BEST_ABSENT}
   */
  record State(
      int epoch,
      String fingerprint,
      int adamSteps,
      LossScale.State lossScale,
      int shuffles,
      long dropoutDraws,
      List<EpochResult> history,
      int bestEpoch,
      long bestAtMillis,
      String bestWeights) {
    State {
      history = List.copyOf(history);
    }
  }

  /** A read checkpoint: its state and its tensors by full name. */
  record Contents(State state, Map<String, SafeTensors.Tensor> tensors) {}

  /**
   * Writes the checkpoint, one tensor's data in Java memory at a time.
   *
   * @param best the best epoch's trainable tensors when it is an earlier one (else empty)
   * @return the file's size in bytes
   */
  static long write(
      Path file,
      State state,
      List<ParamTable.Entry> trainable,
      List<AdamW.Moments> moments,
      Map<String, SafeTensors.Tensor> best)
      throws IOException {
    List<SafeTensors.Source> out = new ArrayList<>();
    for (ParamTable.Entry e : trainable) {
      out.add(
          new SafeTensors.Source(
              TRAINABLE + e.name(), e.shape().getShape(), e.array()::toFloatArray));
    }
    for (AdamW.Moments m : moments) {
      out.add(
          new SafeTensors.Source(
              MOMENT1 + m.name(), m.m().getShape().getShape(), m.m()::toFloatArray));
      out.add(
          new SafeTensors.Source(
              MOMENT2 + m.name(), m.v().getShape().getShape(), m.v()::toFloatArray));
    }
    best.forEach((name, t) -> out.add(new SafeTensors.Source(BEST + name, t.shape(), t::data)));
    return SafeTensors.write(file, out, metadata(state));
  }

  private static Map<String, String> metadata(State s) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("epoch", Integer.toString(s.epoch()));
    m.put("fingerprint", s.fingerprint());
    m.put("adam_steps", Integer.toString(s.adamSteps()));
    m.put("loss_scale", Double.toString(s.lossScale().scale()));
    m.put("loss_scale_finite_in_a_row", Integer.toString(s.lossScale().finiteInARow()));
    m.put("loss_scale_skipped", Long.toString(s.lossScale().skipped()));
    m.put("data_order_shuffles", Integer.toString(s.shuffles()));
    m.put("dropout_draws", Long.toString(s.dropoutDraws()));
    JsonArray history = new JsonArray();
    for (EpochResult r : s.history()) {
      JsonArray row = new JsonArray();
      row.add(r.epoch());
      for (double d :
          new double[] {
            r.trainLoss(),
            r.ceCls(),
            r.ceGist(),
            r.klClsGist(),
            r.klGistCls(),
            r.valTop1(),
            r.lr(),
            r.epochSeconds(),
            r.imagesPerSecond()
          }) {
        row.add(Double.toString(d)); // as text: exact, and NaN survives
      }
      history.add(row);
    }
    m.put("history", history.toString());
    m.put("best_epoch", Integer.toString(s.bestEpoch()));
    m.put("best_at", Long.toString(s.bestAtMillis()));
    m.put("best_weights", s.bestWeights());
    return m;
  }

  /**
   * Reads a checkpoint.
   *
   * @throws IOException when the file is no safetensors file
   * @throws IllegalArgumentException when it is none of ours or its header lacks a field (named)
   */
  static Contents read(Path file) throws IOException {
    Map<String, String> meta = SafeTensors.metadata(file);
    if (!FORMAT.equals(meta.get("format"))) {
      throw new IllegalArgumentException(
          "it is not an epoch checkpoint of this worker version (format "
              + (meta.containsKey("format") ? "differs" : "missing")
              + ", expected "
              + FORMAT
              + ")");
    }
    List<EpochResult> history = new ArrayList<>();
    for (JsonElement row : JsonParser.parseString(field(meta, "history")).getAsJsonArray()) {
      JsonArray a = row.getAsJsonArray();
      double[] d = new double[9];
      for (int i = 0; i < 9; i++) {
        d[i] = Double.parseDouble(a.get(i + 1).getAsString());
      }
      history.add(
          new EpochResult(
              a.get(0).getAsInt(), d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]));
    }
    State state =
        new State(
            integer(meta, "epoch"),
            field(meta, "fingerprint"),
            integer(meta, "adam_steps"),
            new LossScale.State(
                Double.parseDouble(field(meta, "loss_scale")),
                integer(meta, "loss_scale_finite_in_a_row"),
                Long.parseLong(field(meta, "loss_scale_skipped"))),
            integer(meta, "data_order_shuffles"),
            Long.parseLong(field(meta, "dropout_draws")),
            history,
            integer(meta, "best_epoch"),
            Long.parseLong(field(meta, "best_at")),
            field(meta, "best_weights"));
    return new Contents(state, SafeTensors.read(file));
  }

  private static String field(Map<String, String> meta, String name) {
    String v = meta.get(name);
    if (v == null) {
      throw new IllegalArgumentException("its header has no " + name);
    }
    return v;
  }

  private static int integer(Map<String, String> meta, String name) {
    try {
      return Integer.parseInt(field(meta, name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("its header's " + name + " is not a whole number");
    }
  }
}
