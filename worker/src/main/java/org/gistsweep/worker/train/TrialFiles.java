package org.gistsweep.worker.train;

import java.nio.file.Path;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * The folders and files a trial will use, checked against the worker's roots when the trial starts,
 * before anything is opened or trained: names plain, paths (symlinks resolved) under their roots,
 * existing files regular. The readers check each file again right before they open it.
 *
 * <p>Nothing is written here: a trial's weights go to the worker's scratch folder, then to its
 * artifact store (the legacy {@code checkpoint_dir} is ignored).
 *
 * @param dataFolder the real path of the trial's data folder ({@code data_dir}, or the default)
 */
record TrialFiles(Path dataFolder) {
  /**
   * @throws PathRefusedException naming the setting, the path as given and the allowed roots
   * @throws TrainingException ({@code checkpoint}) when the backbone file is missing
   */
  static TrialFiles check(TrainingSettings s, TrainerEnvironment env) {
    AllowedRoots data = env.dataRoots();
    plain("task", s.task(), data);
    plain("train_split", s.trainSplit(), data);
    plain("eval_split", s.evalSplit(), data);
    plain("data_dir", s.dataDir(), data);
    Path folder =
        s.dataDir().isEmpty()
            ? data.directory(env.dataRoot(), "the default data folder " + env.dataRoot())
            : data.directory(Path.of(s.dataDir()), "training.data_dir '" + s.dataDir() + "'");
    Path task = data.directory(folder.resolve(s.task()), "training.task '" + s.task() + "'");
    data.regularFile(
        task.resolve(s.trainSplit() + ".txt"), "training.train_split '" + s.trainSplit() + "'");
    data.regularFile(
        task.resolve(s.evalSplit() + ".txt"), "training.eval_split '" + s.evalSplit() + "'");
    plain("backbone", s.backbone(), env.weightsRoots());
    if (!s.backbone().startsWith("builtin:") && !s.backbone().startsWith("random:")) {
      BackboneResolver.locate(s.backbone(), env.weightsRoots());
    }
    return new TrialFiles(folder);
  }

  /** Refuses what {@link PathSettings} refuses without a file system. */
  private static void plain(String setting, String value, AllowedRoots roots) {
    PathSettings.problem(setting, value)
        .ifPresent(
            problem -> {
              throw new PathRefusedException(
                  "training." + setting + ": " + problem + " (" + roots.describe() + ")");
            });
  }
}
