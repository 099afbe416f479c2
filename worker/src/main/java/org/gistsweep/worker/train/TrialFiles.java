package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.common.spec.TrainingSettings;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * The folders and files a trial will use, checked against the worker's roots when the trial starts,
 * before anything is opened or trained: names plain, paths (symlinks resolved) under their roots,
 * existing files regular. The readers check each file again right before they open it.
 *
 * @param dataFolder the real path of the trial's data folder ({@code data_dir}, or the default)
 * @param checkpointDir with {@code save_checkpoint}, the real path of the folder the weights go to
 *     (created now)
 */
record TrialFiles(Path dataFolder, Optional<Path> checkpointDir) {
  /**
   * @throws PathRefusedException naming the setting, the path as given and the allowed roots
   * @throws TrainingException ({@code checkpoint}) when the backbone file is missing or the
   *     checkpoint folder cannot be created
   */
  static TrialFiles check(TrainingSettings s, TrainerEnvironment env) {
    AllowedRoots data = env.dataRoots();
    plain("task", s.task(), data);
    plain("train_split", s.trainSplit(), data);
    plain("eval_split", s.evalSplit(), data);
    plain("data_dir", s.dataDir(), data);
    Path folder = s.dataDir().isEmpty()
        ? data.directory(env.dataRoot(), "the default data folder " + env.dataRoot())
        : data.directory(Path.of(s.dataDir()), "training.data_dir '" + s.dataDir() + "'");
    Path task = data.directory(folder.resolve(s.task()), "training.task '" + s.task() + "'");
    data.regularFile(task.resolve(s.trainSplit() + ".txt"), "training.train_split '" + s.trainSplit() + "'");
    data.regularFile(task.resolve(s.evalSplit() + ".txt"), "training.eval_split '" + s.evalSplit() + "'");
    plain("backbone", s.backbone(), env.weightsRoots());
    if (!s.backbone().startsWith("builtin:") && !s.backbone().startsWith("random:")) {
      BackboneResolver.locate(s.backbone(), env.weightsRoots());
    }
    return new TrialFiles(folder, s.saveCheckpoint() ? Optional.of(checkpointDir(s, env.checkpointRoot())) : Optional.empty());
  }

  private static Path checkpointDir(TrainingSettings s, AllowedRoots root) {
    plain("checkpoint_dir", s.checkpointDir(), root);
    try {
      return root.directoryForWriting(s.checkpointDir(), "training.checkpoint_dir '" + s.checkpointDir() + "'");
    } catch (IOException e) {
      throw new TrainingException(TrainingException.CHECKPOINT, "cannot create the checkpoint folder " + s.checkpointDir()
          + " under " + root.first() + ": " + e.getMessage(), true, null);
    }
  }

  /** Refuses what {@link PathSettings} refuses without a file system. */
  private static void plain(String setting, String value, AllowedRoots roots) {
    PathSettings.problem(setting, value).ifPresent(problem -> {
      throw new PathRefusedException("training." + setting + ": " + problem + " (" + roots.describe() + ")");
    });
  }
}
