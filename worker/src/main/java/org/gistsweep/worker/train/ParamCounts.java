package org.gistsweep.worker.train;

import java.util.List;
import org.gistsweep.common.spec.PeftMethod;

/**
 * Parameter accounting of a model under a PEFT method.
 *
 * @param trainable parameters that receive gradients
 * @param total every parameter
 * @param gist Gist token parameters
 * @param peft trainable parameters other than head and Gist tokens
 * @param head head parameters
 */
record ParamCounts(long trainable, long total, long gist, long peft, long head) {
  static ParamCounts of(GistVit model, PeftMethod method) {
    ParamTable table = model.table();
    List<ParamTable.Entry> trainable = TrainableSet.select(table, method);
    long t = trainable.stream().mapToLong(e -> e.shape().size()).sum();
    long gist = table.count(ParamGroup.GIST);
    long head = table.count(ParamGroup.HEAD);
    return new ParamCounts(t, table.total(), gist, t - gist - head, head);
  }
}
