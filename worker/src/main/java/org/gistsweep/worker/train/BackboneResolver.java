package org.gistsweep.worker.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * Resolves the {@code backbone} setting:
 *
 * <ul>
 *   <li>{@code builtin:NAME}: the classpath resource {@code
 *       org/gistsweep/worker/backbone/NAME.safetensors} with its {@code NAME.json} arch sidecar,
 *       extracted once into the cache folder;
 *   <li>{@code random:ARCH} (e.g. {@code random:vit-tiny}): no pretrained weights (tests,
 *       pretraining);
 *   <li>a path to a Google Flax {@code .npz} ({@link FlaxCheckpoint}), converted to timm names;
 *   <li>anything else: a path to a timm-named {@code .safetensors}, with an optional {@code .json}
 *       sidecar beside it (else the arch is inferred from the tensor shapes).
 * </ul>
 *
 * Parsed checkpoints are kept in memory per (path, size, mtime): a worker runs many trials.
 */
final class BackboneResolver {
  private static final String RESOURCE_DIR = "/org/gistsweep/worker/backbone/";
  private static final Map<String, Backbone> CACHE = new ConcurrentHashMap<>();
  private static final long MAX_SIDECAR = 64 * 1024;

  private BackboneResolver() {}

  /**
   * As {@link #resolve(String, Path, AllowedRoots)} with {@code cacheDir} as the only weights root.
   */
  static Backbone resolve(String spec, Path cacheDir) {
    return resolve(
        spec,
        cacheDir,
        AllowedRoots.of("weights", "add one with --weights-root DIR", List.of(cacheDir)));
  }

  /**
   * Resolves {@code spec}; a file (and its sidecar) must lie under {@code weights}, symlinks
   * resolved, and be a regular file: checked before it is opened.
   *
   * @throws PathRefusedException when the file or its sidecar lies elsewhere or is not a regular
   *     file
   * @throws TrainingException ({@code checkpoint}) when it is missing or unreadable
   */
  static Backbone resolve(String spec, Path cacheDir, AllowedRoots weights) {
    if (spec.startsWith("random:")) {
      String name = spec.substring("random:".length());
      VitArch arch =
          VitArch.preset(name)
              .orElseThrow(
                  () ->
                      new TrainingException(
                          TrainingException.INVALID_CONFIG,
                          "unknown arch '"
                              + name
                              + "' in backbone "
                              + spec
                              + "; known: vit-tiny, vit-b16",
                          false,
                          null));
      return new Backbone(arch, Map.of(), spec, null);
    }
    PathSettings.problem("backbone", spec)
        .ifPresent(
            problem -> {
              throw new PathRefusedException(
                  "training.backbone: " + problem + " (" + weights.describe() + ")");
            });
    CheckpointFiles files =
        spec.startsWith("builtin:")
            ? extract(spec.substring("builtin:".length()), cacheDir)
            : locate(spec, weights);
    try {
      String key =
          files.file()
              + "|"
              + Files.size(files.file())
              + "|"
              + Files.getLastModifiedTime(files.file()).toMillis()
              + "|"
              + files.sidecar();
      Backbone cached = CACHE.get(key);
      if (cached == null) {
        cached = read(files, spec);
        CACHE.clear();
        CACHE.put(key, cached);
      }
      return cached;
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot read backbone " + spec + ": " + e.getMessage(),
          false,
          null);
    }
  }

  /**
   * The checkpoint file and its sidecar (if there is one): real paths, regular files, under the
   * roots.
   *
   * @param flax whether the checkpoint is a Flax {@code .npz} (by the name given)
   */
  record CheckpointFiles(Path file, Optional<Path> sidecar, boolean flax) {}

  /**
   * Checks the backbone file {@code spec} and its sidecar against {@code weights} without opening
   * either.
   */
  static CheckpointFiles locate(String spec, AllowedRoots weights) {
    Path given = Path.of(spec);
    Path file =
        weights
            .regularFile(given, "training.backbone '" + spec + "'")
            .orElseThrow(
                () ->
                    new TrainingException(
                        TrainingException.CHECKPOINT,
                        "backbone file " + spec + " not found (" + weights.describe() + ")",
                        false,
                        null));
    Path sidecar = sidecarOf(given);
    Optional<Path> arch =
        weights.regularFile(
            sidecar, "the arch sidecar " + sidecar + " of training.backbone '" + spec + "'");
    return new CheckpointFiles(file, arch, given.getFileName().toString().endsWith(".npz"));
  }

  private static Backbone read(CheckpointFiles files, String spec) throws IOException {
    Map<String, SafeTensors.Tensor> tensors;
    int heads = 0;
    if (files.flax()) {
      FlaxCheckpoint.Converted c = FlaxCheckpoint.toTimm(Npz.read(files.file()), spec);
      tensors = c.tensors();
      heads = c.heads();
    } else {
      tensors = SafeTensors.read(files.file());
    }
    VitArch arch =
        files.sidecar().isPresent()
            ? ArchSidecar.parse(readSidecar(files.sidecar().get()), files.sidecar().get())
            : ArchSidecar.infer(tensors, spec);
    if (files.flax() && arch.heads() != heads) {
      arch =
          new VitArch(
              arch.name(),
              arch.imageSize(),
              arch.patchSize(),
              arch.dim(),
              arch.depth(),
              heads,
              arch.mlpRatio());
    }
    return new Backbone(arch, tensors, spec, files.file());
  }

  private static String readSidecar(Path sidecar) throws IOException {
    if (Files.size(sidecar) > MAX_SIDECAR) {
      throw new IOException(
          "the arch sidecar "
              + sidecar
              + " is larger than "
              + MAX_SIDECAR / 1024
              + " KiB; it should be a small JSON file");
    }
    try {
      return Files.readString(sidecar, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IOException("the arch sidecar " + sidecar + " is not UTF-8 text");
    }
  }

  /** The {@code .json} arch file beside a {@code .safetensors} or {@code .npz} checkpoint. */
  static Path sidecarOf(Path file) {
    String name = file.getFileName().toString();
    String base = name;
    for (String ext : new String[] {".safetensors", ".npz"}) {
      if (name.endsWith(ext)) {
        base = name.substring(0, name.length() - ext.length());
      }
    }
    return file.resolveSibling(base + ".json");
  }

  private static CheckpointFiles extract(String name, Path cacheDir) {
    Path dir = cacheDir.resolve("backbone");
    Path file = dir.resolve(name + ".safetensors");
    try {
      Files.createDirectories(dir);
      for (String suffix : new String[] {".json", ".safetensors"}) {
        Path target = dir.resolve(name + suffix);
        try (InputStream in =
            BackboneResolver.class.getResourceAsStream(RESOURCE_DIR + name + suffix)) {
          if (in == null) {
            throw new TrainingException(
                TrainingException.INVALID_CONFIG,
                "unknown builtin backbone 'builtin:"
                    + name
                    + "' (no resource "
                    + RESOURCE_DIR
                    + name
                    + suffix
                    + ")",
                false,
                null);
          }
          byte[] bytes = in.readAllBytes();
          if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
              || Files.size(target) != bytes.length) {
            Path tmp = Files.createTempFile(dir, name, ".part");
            Files.write(tmp, bytes);
            Files.move(
                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      throw new TrainingException(
          TrainingException.CHECKPOINT,
          "cannot extract builtin backbone " + name + " into " + dir + ": " + e.getMessage(),
          true,
          e);
    }
    return new CheckpointFiles(file, Optional.of(sidecarOf(file)), false);
  }
}
