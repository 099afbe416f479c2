package org.gistsweep.worker.train;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gistsweep.worker.files.AllowedRoots;

/**
 * Reads the files a person names on the command line ({@code evaluate}, {@code inspect}) with the
 * checks a trial's files get: a regular file (a FIFO or a device is refused, never opened), its
 * real path, errors that never quote the file.
 */
final class LocalFiles {
  private static final long MAX_SIDECAR = 1024 * 1024;

  private LocalFiles() {}

  /** The real path of the regular file {@code file}. */
  static Path regularFile(Path file, String what) {
    Path absolute = file.toAbsolutePath();
    AllowedRoots folder =
        AllowedRoots.of("file", "give another file", List.of(absolute.getParent()));
    return folder
        .regularFile(absolute, what + " " + file)
        .orElseThrow(
            () ->
                new TrainingException(
                    TrainingException.CHECKPOINT, what + " " + file + " not found", false, null));
  }

  /** Every tensor of the safetensors file {@code file}. */
  static Map<String, SafeTensors.Tensor> tensors(Path file, String what) {
    Path real = regularFile(file, what);
    try {
      return SafeTensors.read(real);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read " + what + " " + file + ": " + e.getMessage(),
          false,
          e);
    }
  }

  /** The {@code __metadata__} of the safetensors file at {@code real} (given as {@code file}). */
  static Map<String, String> metadata(Path real, Path file) {
    try {
      return SafeTensors.metadata(real);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read checkpoint " + file + ": " + e.getMessage(),
          false,
          e);
    }
  }

  /** The text of a small UTF-8 JSON file. */
  static String json(Path file, String what) {
    Path real = regularFile(file, what);
    try {
      if (Files.size(real) > MAX_SIDECAR) {
        throw new TrainingException(
            TrainingException.CHECKPOINT,
            what
                + " "
                + file
                + " is larger than "
                + MAX_SIDECAR / 1024
                + " KiB; it should be a small JSON file",
            false,
            null);
      }
      return Files.readString(real, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT, what + " " + file + " is not UTF-8 text", false, null);
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read " + what + " " + file + ": " + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * The backbone {@code spec} names: {@code builtin:NAME} (extracted into {@code cacheDir}), {@code
   * random:ARCH}, or a file, which may lie anywhere (the person named it) but must be a regular
   * file.
   */
  static Backbone backbone(String spec, Path cacheDir) {
    if (spec.startsWith("builtin:") || spec.startsWith("random:")) {
      return BackboneResolver.resolve(
          spec,
          cacheDir,
          AllowedRoots.of("weights", "", List.of(TrainerEnvironment.builtinWeights(cacheDir))));
    }
    Path file = Path.of(spec).toAbsolutePath();
    return BackboneResolver.resolve(
        file.toString(),
        cacheDir,
        AllowedRoots.of("weights", "give another file", List.of(file.getParent())));
  }
}
