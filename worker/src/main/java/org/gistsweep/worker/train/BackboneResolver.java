package org.gistsweep.worker.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the {@code backbone} setting:
 *
 * <ul>
 *   <li>{@code builtin:NAME}: the classpath resource {@code org/gistsweep/worker/backbone/NAME.safetensors}
 *       with its {@code NAME.json} arch sidecar, extracted once into the cache folder;
 *   <li>{@code random:ARCH} (e.g. {@code random:vit-tiny}): no pretrained weights (tests, pretraining);
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

  private BackboneResolver() {}

  static Backbone resolve(String spec, Path cacheDir) {
    if (spec.startsWith("random:")) {
      String name = spec.substring("random:".length());
      VitArch arch = VitArch.preset(name).orElseThrow(() -> new TrainingException(TrainingException.INVALID_CONFIG,
          "unknown arch '" + name + "' in backbone " + spec + "; known: vit-tiny, vit-b16", false, null));
      return new Backbone(arch, Map.of(), spec);
    }
    Path file = spec.startsWith("builtin:") ? extract(spec.substring("builtin:".length()), cacheDir) : Path.of(spec);
    try {
      String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
      Backbone cached = CACHE.get(key);
      if (cached == null) {
        cached = read(file, spec);
        CACHE.clear();
        CACHE.put(key, cached);
      }
      return cached;
    } catch (IOException e) {
      throw new TrainingException(TrainingException.CHECKPOINT,
          "cannot read backbone " + spec + " (" + file + "): " + e.getMessage(), false, e);
    }
  }

  private static Backbone read(Path file, String spec) throws IOException {
    boolean flax = file.getFileName().toString().endsWith(".npz");
    Map<String, SafeTensors.Tensor> tensors;
    int heads = 0;
    if (flax) {
      FlaxCheckpoint.Converted c = FlaxCheckpoint.toTimm(Npz.read(file), spec);
      tensors = c.tensors();
      heads = c.heads();
    } else {
      tensors = SafeTensors.read(file);
    }
    Path sidecar = sidecarOf(file);
    VitArch arch = Files.isRegularFile(sidecar)
        ? ArchSidecar.parse(Files.readString(sidecar, StandardCharsets.UTF_8))
        : ArchSidecar.infer(tensors, spec);
    if (flax && arch.heads() != heads) {
      arch = new VitArch(arch.name(), arch.imageSize(), arch.patchSize(), arch.dim(), arch.depth(), heads, arch.mlpRatio());
    }
    return new Backbone(arch, tensors, spec);
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

  private static Path extract(String name, Path cacheDir) {
    Path dir = cacheDir.resolve("backbone");
    Path file = dir.resolve(name + ".safetensors");
    try {
      Files.createDirectories(dir);
      for (String suffix : new String[] {".json", ".safetensors"}) {
        Path target = dir.resolve(name + suffix);
        try (InputStream in = BackboneResolver.class.getResourceAsStream(RESOURCE_DIR + name + suffix)) {
          if (in == null) {
            throw new TrainingException(TrainingException.INVALID_CONFIG,
                "unknown builtin backbone 'builtin:" + name + "' (no resource " + RESOURCE_DIR + name + suffix + ")", false, null);
          }
          byte[] bytes = in.readAllBytes();
          if (!Files.isRegularFile(target) || Files.size(target) != bytes.length) {
            Path tmp = Files.createTempFile(dir, name, ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
          }
        }
      }
    } catch (IOException e) {
      throw new TrainingException(TrainingException.CHECKPOINT,
          "cannot extract builtin backbone " + name + " into " + dir + ": " + e.getMessage(), true, e);
    }
    return file;
  }
}
