package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.common.wire.ArtifactRef;
import org.gistsweep.worker.files.FileDigests;

/**
 * Keeps a trial's weights as {@link WeightsRequest} asks while it trains: after each epoch that is
 * the best so far by the objective (and that training goes on from, or the last), the trainable
 * tensors go to {@code best.safetensors} in the scratch folder, replacing the previous best; at the
 * end of a complete trial the last epoch's go to {@code last.safetensors} (with {@code
 * best_and_last}) and each file gets its JSON sidecar ({@link ArtifactSidecar}). Nothing is held in
 * memory beyond one tensor at a time.
 *
 * <p>A file that cannot be written (the scratch disk full) does not fail the trial: the keeper
 * stops keeping, training goes on, and {@link #failure()} says why there are no weights.
 */
final class WeightKeeper {
  private final WeightsRequest request;
  private final TrainingSettings settings;
  private final GistVit model;
  private final List<ParamTable.Entry> trainable;
  private final ParamCounts counts;
  private final Backbone backbone;
  private final BestEpoch choice;
  private EpochResult best;
  private Instant bestAt;
  private String failure;

  WeightKeeper(
      WeightsRequest request,
      TrainingSettings settings,
      GistVit model,
      List<ParamTable.Entry> trainable,
      ParamCounts counts,
      Backbone backbone) {
    this.request = request;
    this.settings = settings;
    this.model = model;
    this.trainable = trainable;
    this.counts = counts;
    this.backbone = backbone;
    this.choice = new BestEpoch(request.objective());
  }

  /** {@code inner}, saving the best epoch's weights once {@code inner} has decided on it. */
  EpochListener wrap(EpochListener inner) {
    if (!request.stored().keepsBest()) {
      return inner;
    }
    return new EpochListener() {
      @Override
      public EpochDecision onEpoch(EpochResult r) {
        return onEpoch(r, null);
      }

      @Override
      public EpochDecision onEpoch(EpochResult r, ArtifactRef checkpoint) {
        EpochDecision decision = inner.onEpoch(r, checkpoint);
        boolean goesOn = decision == EpochDecision.CONTINUE || r.epoch() >= settings.epochs();
        if (goesOn && failure == null && choice.better(r, best)) {
          try {
            write(file(SavedWeights.BEST));
            best = r;
            bestAt = request.clock().instant();
          } catch (TrainingException e) {
            failure = e.getMessage();
          }
        }
        return decision;
      }

      @Override
      public void onModelReady(
          long trainableParams, long totalParams, long gistParams, String device) {
        inner.onModelReady(trainableParams, totalParams, gistParams, device);
      }

      @Override
      public void onModelReady(
          long trainableParams,
          long totalParams,
          long gistParams,
          String device,
          int resumedFromEpoch,
          String resumeRefused) {
        inner.onModelReady(
            trainableParams, totalParams, gistParams, device, resumedFromEpoch, resumeRefused);
      }

      @Override
      public boolean handBackAfter(int epoch) {
        return inner.handBackAfter(epoch);
      }

      @Override
      public boolean stopRequested() {
        return inner.stopRequested();
      }

      @Override
      public void onStep(int epoch, int step) {
        inner.onStep(epoch, step);
      }
    };
  }

  /**
   * After the last epoch of a complete trial: writes the last epoch's weights if asked, and the
   * sidecars; returns what there is to store.
   */
  List<SavedWeights> finish(List<EpochResult> epochs) {
    if (failure != null || best == null || epochs.isEmpty()) {
      return List.of();
    }
    try {
      return finishWriting(epochs);
    } catch (TrainingException e) {
      failure = e.getMessage();
      return List.of();
    }
  }

  /**
   * The kept best file if it holds {@code epoch}'s weights, else {@code null} (not kept, or a write
   * failed).
   */
  Path bestFileOf(int epoch) {
    return request.stored().keepsBest() && failure == null && best != null && best.epoch() == epoch
        ? file(SavedWeights.BEST)
        : null;
  }

  /** When the best epoch's weights were kept (0 before any). */
  long bestAtMillis() {
    return bestAt == null ? 0 : bestAt.toEpochMilli();
  }

  /** Now, by the request's clock. */
  long clockMillis() {
    return request.clock().millis();
  }

  /** Resumes with epoch {@code k}'s model (just loaded) as the best of epochs 1..k. */
  void resumeWithModel(EpochResult bestSoFar, Instant at) {
    resume(bestSoFar, at, () -> write(file(SavedWeights.BEST)));
  }

  /**
   * Resumes with {@code tensors} (trainable, by name, in order) as the weights of the best of
   * epochs 1..k.
   */
  void resumeWith(EpochResult bestSoFar, Instant at, Map<String, SafeTensors.Tensor> tensors) {
    resume(
        bestSoFar,
        at,
        () -> {
          Path file = file(SavedWeights.BEST);
          try {
            SafeTensors.write(file, tensors, metadata());
          } catch (IOException e) {
            throw new TrainingException(
                TrainingException.CHECKPOINT,
                "cannot write the trial's weights to " + file + ": " + e.getMessage(),
                true,
                e);
          }
        });
  }

  /**
   * Resumes from a checkpoint that holds no weights of its best epoch (an earlier one): no weights
   * can be stored.
   */
  void resumeWithout(EpochResult bestSoFar, Instant at) {
    resume(
        bestSoFar,
        at,
        () -> {
          throw new TrainingException(
              TrainingException.CHECKPOINT,
              "the resumed checkpoint holds no weights of the best epoch "
                  + bestSoFar.epoch()
                  + " (its attempt could not keep them)",
              false,
              null);
        });
  }

  private void resume(EpochResult bestSoFar, Instant at, Runnable writeBest) {
    if (!request.stored().keepsBest()) {
      return;
    }
    try {
      writeBest.run();
      best = bestSoFar;
      bestAt = at;
    } catch (TrainingException e) {
      failure = e.getMessage();
    }
  }

  /** Why the trial has no weights to store though it asked for some, or {@code null}. */
  String failure() {
    return failure;
  }

  private List<SavedWeights> finishWriting(List<EpochResult> epochs) {
    List<SavedWeights> saved = new ArrayList<>();
    saved.add(sidecar(SavedWeights.BEST, best, bestAt));
    if (request.stored().keepsLast()) {
      EpochResult last = epochs.get(epochs.size() - 1);
      Path file = file(SavedWeights.LAST);
      if (last.epoch() == best.epoch()) {
        copy(file(SavedWeights.BEST), file);
      } else {
        write(file);
      }
      saved.add(sidecar(SavedWeights.LAST, last, request.clock().instant()));
    }
    return List.copyOf(saved);
  }

  private Path file(String name) {
    return request.scratch().resolve(name + ".safetensors");
  }

  private void write(Path file) {
    try {
      Checkpoints.save(model, file, trainable::contains, metadata());
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot write the trial's weights to " + file + ": " + e.getMessage(),
          true,
          e);
    }
  }

  private Map<String, String> metadata() {
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("arch", ArchSidecar.toJson(model.arch(), Map.of()));
    meta.put("peft", model.peft().method().wireName());
    meta.put("gist_tokens", Integer.toString(model.peft().gistTokens()));
    meta.put("classes", Integer.toString(model.classes()));
    meta.put("tensors", "trainable");
    return meta;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot write the trial's weights to " + to + ": " + e.getMessage(),
          true,
          e);
    }
  }

  private SavedWeights sidecar(String name, EpochResult epoch, Instant at) {
    ArtifactSidecar.Facts facts =
        new ArtifactSidecar.Facts(
            name,
            model.arch(),
            model.classes(),
            epoch,
            choice,
            choice.value(epoch, counts.trainable()),
            backbone,
            backboneSha256(),
            trainable.size(),
            counts,
            request,
            at);
    Path json = request.scratch().resolve(name + ".json");
    try {
      Files.writeString(json, ArtifactSidecar.toJson(settings, facts), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT, "cannot write " + json + ": " + e.getMessage(), true, e);
    }
    return new SavedWeights(name, epoch.epoch(), file(name), json);
  }

  private Optional<String> backboneSha256() {
    if (backbone.file() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(FileDigests.sha256(backbone.file()));
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read backbone "
              + backbone.source()
              + " to record its"
              + " sha256: "
              + e.getMessage(),
          true,
          e);
    }
  }
}
