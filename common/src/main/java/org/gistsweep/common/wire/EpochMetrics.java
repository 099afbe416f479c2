package org.gistsweep.common.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Worker to orchestrator, on {@link Topics#EVENTS}: one epoch of a trial is trained and evaluated.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean total GIST loss over the epoch's steps
 * @param ceCls mean cross-entropy on the [CLS] logits
 * @param ceGist mean cross-entropy on the Gist logits (0 when GIST is off)
 * @param klClsGist mean KL(p_cls || p_gist) at temperature T (0 when GIST is off)
 * @param klGistCls mean KL(p_gist || p_cls) at temperature T (0 when GIST is off)
 * @param valTop1 top-1 accuracy of the [CLS] logits on the evaluation split, in [0, 1]
 * @param lr learning rate used in this epoch
 * @param epochSeconds wall time of the epoch, training and evaluation
 * @param imagesPerSecond training throughput of the epoch
 * @param attemptToken echoed from the attempt's {@link TrialAssignment#attemptToken()} (see {@link
 *     WorkerReport}); {@code null} from a worker older than attempt tokens, and omitted from the
 *     JSON
 * @param checkpoint the epoch checkpoint the worker stored after this epoch ({@code
 *     checkpoint-<epoch>.safetensors} under the attempt's key: trainable tensors, optimizer, loss
 *     scaler and RNG positions), from which a reissued attempt resumes; {@code null} (omitted) when
 *     it stored none ({@code resume: false}, not a {@code resume_every} epoch, the last epoch)
 */
public record EpochMetrics(
    int schema,
    String study,
    int trial,
    int attempt,
    long sentAt,
    String worker,
    int epoch,
    double trainLoss,
    double ceCls,
    double ceGist,
    double klClsGist,
    double klGistCls,
    double valTop1,
    double lr,
    double epochSeconds,
    double imagesPerSecond,
    @JsonInclude(JsonInclude.Include.NON_NULL) String attemptToken,
    @JsonInclude(JsonInclude.Include.NON_NULL) ArtifactRef checkpoint)
    implements WorkerReport {

  public EpochMetrics {
    WireMessage.checkHeader(schema, study, trial, attempt);
    WireMessage.require(worker, "worker");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
  }

  /** A report that stored no checkpoint. */
  public EpochMetrics(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      int epoch,
      double trainLoss,
      double ceCls,
      double ceGist,
      double klClsGist,
      double klGistCls,
      double valTop1,
      double lr,
      double epochSeconds,
      double imagesPerSecond,
      String attemptToken) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        epoch,
        trainLoss,
        ceCls,
        ceGist,
        klClsGist,
        klGistCls,
        valTop1,
        lr,
        epochSeconds,
        imagesPerSecond,
        attemptToken,
        null);
  }

  /** A report without an attempt token (a worker older than attempt tokens, or a test). */
  public EpochMetrics(
      int schema,
      String study,
      int trial,
      int attempt,
      long sentAt,
      String worker,
      int epoch,
      double trainLoss,
      double ceCls,
      double ceGist,
      double klClsGist,
      double klGistCls,
      double valTop1,
      double lr,
      double epochSeconds,
      double imagesPerSecond) {
    this(
        schema,
        study,
        trial,
        attempt,
        sentAt,
        worker,
        epoch,
        trainLoss,
        ceCls,
        ceGist,
        klClsGist,
        klGistCls,
        valTop1,
        lr,
        epochSeconds,
        imagesPerSecond,
        null,
        null);
  }
}
