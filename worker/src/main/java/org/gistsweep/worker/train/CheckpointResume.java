package org.gistsweep.worker.train;

import com.google.gson.JsonParseException;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The decision on an earlier attempt's checkpoint, taken before anything of it touches the model:
 * it is read and checked whole (its format, fingerprint, epoch, and every tensor's presence and
 * shape), and either {@link #refused()} names why it does not fit, or its state is copied into the
 * fresh model, optimizer, loss scaler and mask source, so training goes on at epoch {@code k + 1}
 * exactly as an unbroken run would.
 */
final class CheckpointResume {
  private final EpochCheckpoint.Contents contents;
  private final String refused;

  private CheckpointResume(EpochCheckpoint.Contents contents, String refused) {
    this.contents = contents;
    this.refused = refused;
  }

  /** Training from epoch 1: no checkpoint offered, or {@code refused} why. */
  static CheckpointResume fromScratch(String refused) {
    return new CheckpointResume(null, refused);
  }

  /**
   * Reads and checks {@code request}'s checkpoint against the trial (nothing is applied yet).
   *
   * @param fingerprint the trial's {@link CheckpointFingerprint}, asked for only when there is a
   *     checkpoint
   * @param trainable the tensors that will train, in order
   * @param epochs the trial's epochs
   */
  static CheckpointResume open(
      ResumeRequest request,
      Supplier<String> fingerprint,
      List<ParamTable.Entry> trainable,
      int epochs) {
    if (request.refused() != null || request.resumeFile() == null) {
      return fromScratch(request.refused());
    }
    EpochCheckpoint.Contents c;
    try {
      c = EpochCheckpoint.read(request.resumeFile());
    } catch (IOException e) {
      return fromScratch("the checkpoint is unreadable: " + e.getMessage());
    } catch (NumberFormatException
        | IllegalStateException
        | IndexOutOfBoundsException
        | JsonParseException e) {
      return fromScratch("the checkpoint's header is malformed");
    } catch (IllegalArgumentException e) {
      return fromScratch("the checkpoint is unreadable: " + e.getMessage());
    } catch (RuntimeException e) {
      return fromScratch("the checkpoint's header is malformed");
    }
    String why;
    try {
      why = misfit(c, request.resumeEpoch(), fingerprint.get(), trainable, epochs);
    } catch (RuntimeException e) {
      return fromScratch("the checkpoint's header is malformed");
    }
    return why == null ? new CheckpointResume(c, null) : fromScratch(why);
  }

  private static String misfit(
      EpochCheckpoint.Contents c,
      int expectedEpoch,
      String fingerprint,
      List<ParamTable.Entry> trainable,
      int epochs) {
    EpochCheckpoint.State s = c.state();
    String differs = CheckpointFingerprint.mismatch(fingerprint, s.fingerprint());
    if (differs != null) {
      return "the checkpoint is of another trial: its " + differs + " differ";
    }
    if (s.epoch() != expectedEpoch) {
      return "the checkpoint holds epoch " + s.epoch() + ", the assignment said " + expectedEpoch;
    }
    if (s.epoch() < 1 || s.epoch() >= epochs) {
      return "the checkpoint holds epoch "
          + s.epoch()
          + ", outside 1.."
          + (epochs - 1)
          + " of a "
          + epochs
          + "-epoch trial";
    }
    if (s.history().size() != s.epoch()
        || s.shuffles() != s.epoch()
        || s.bestEpoch() < 1
        || s.bestEpoch() > s.epoch()) {
      return "the checkpoint's header is inconsistent (history, data order or best epoch)";
    }
    boolean bestIsThis = EpochCheckpoint.BEST_IS_THIS_EPOCH.equals(s.bestWeights());
    boolean known =
        bestIsThis
            || EpochCheckpoint.BEST_STORED.equals(s.bestWeights())
            || EpochCheckpoint.BEST_ABSENT.equals(s.bestWeights());
    if (!known || bestIsThis != (s.bestEpoch() == s.epoch())) {
      return "the checkpoint's header is inconsistent (best weights)";
    }
    for (ParamTable.Entry e : trainable) {
      long[] shape = e.shape().getShape();
      for (String prefix : prefixes(s)) {
        SafeTensors.Tensor t = c.tensors().get(prefix + e.name());
        if (t == null) {
          return "the checkpoint has no tensor " + prefix + e.name();
        }
        if (!Arrays.equals(t.shape(), shape)) {
          return "the checkpoint's tensor "
              + prefix
              + e.name()
              + " has shape "
              + t.shapeText()
              + ", expected "
              + Arrays.toString(shape);
        }
      }
    }
    return null;
  }

  private static List<String> prefixes(EpochCheckpoint.State s) {
    return EpochCheckpoint.BEST_STORED.equals(s.bestWeights())
        ? List.of(
            EpochCheckpoint.TRAINABLE,
            EpochCheckpoint.MOMENT1,
            EpochCheckpoint.MOMENT2,
            EpochCheckpoint.BEST)
        : List.of(EpochCheckpoint.TRAINABLE, EpochCheckpoint.MOMENT1, EpochCheckpoint.MOMENT2);
  }

  /** Whether training goes on from the checkpoint. */
  boolean resumes() {
    return contents != null;
  }

  /** The checkpoint's epoch, 0 from scratch. */
  int epoch() {
    return contents == null ? 0 : contents.state().epoch();
  }

  /** Why the offered checkpoint was refused, or {@code null}. */
  String refused() {
    return refused;
  }

  /** Epochs 1..k as recorded (empty from scratch). */
  List<EpochResult> history() {
    return contents == null ? List.of() : contents.state().history();
  }

  /**
   * Copies the trainable tensors into the model's FP32 masters (before the compute copies and the
   * optimizer exist).
   */
  void loadTensors(List<ParamTable.Entry> trainable) {
    for (ParamTable.Entry e : trainable) {
      ParamTable.overwrite(e.array(), tensor(EpochCheckpoint.TRAINABLE, e.name()));
    }
  }

  /** Restores the optimizer's moments and step, the loss scaler and the mask source's position. */
  void loadTrainingState(AdamW optimizer, LossScale lossScale, DropoutMasks masks) {
    for (AdamW.Moments m : optimizer.moments()) {
      ParamTable.overwrite(m.m(), tensor(EpochCheckpoint.MOMENT1, m.name()));
      ParamTable.overwrite(m.v(), tensor(EpochCheckpoint.MOMENT2, m.name()));
    }
    optimizer.resumeAt(contents.state().adamSteps());
    lossScale.restore(contents.state().lossScale());
    masks.skip(contents.state().dropoutDraws());
  }

  /**
   * Tells the keeper the best of epochs 1..k and hands it their tensors (the model's when k is the
   * best).
   */
  void loadBest(WeightKeeper keeper, List<ParamTable.Entry> trainable) {
    EpochCheckpoint.State s = contents.state();
    EpochResult best = s.history().get(s.bestEpoch() - 1);
    Instant at = Instant.ofEpochMilli(s.bestAtMillis());
    switch (s.bestWeights()) {
      case EpochCheckpoint.BEST_IS_THIS_EPOCH -> keeper.resumeWithModel(best, at);
      case EpochCheckpoint.BEST_STORED -> {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        trainable.forEach(
            e -> tensors.put(e.name(), contents.tensors().get(EpochCheckpoint.BEST + e.name())));
        keeper.resumeWith(best, at, tensors);
      }
      default -> keeper.resumeWithout(best, at);
    }
  }

  private float[] tensor(String prefix, String name) {
    return contents.tensors().get(prefix + name).data();
  }
}
