package org.gistsweep.worker.train;

/**
 * Metrics of one training epoch and its evaluation.
 *
 * @param epoch 1-based epoch number
 * @param trainLoss mean total loss over the epoch's steps
 * @param ceCls mean CE(s_cls, y)
 * @param ceGist mean CE(s_gist, y), unweighted; 0 with GIST off
 * @param klClsGist mean KL(p_cls^T || p_gist^T), unweighted; 0 with GIST off
 * @param klGistCls mean KL(p_gist^T || p_cls^T), unweighted; 0 with GIST off
 * @param valTop1 top-1 accuracy of s_cls on the evaluation split, a fraction in [0, 1]
 * @param lr the learning rate used during the epoch
 * @param epochSeconds wall time of the epoch's training steps (evaluation excluded)
 * @param imagesPerSecond training images per second over the epoch
 */
public record EpochResult(
    int epoch,
    double trainLoss,
    double ceCls,
    double ceGist,
    double klClsGist,
    double klGistCls,
    double valTop1,
    double lr,
    double epochSeconds,
    double imagesPerSecond) {}
