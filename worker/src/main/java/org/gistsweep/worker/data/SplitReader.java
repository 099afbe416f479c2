package org.gistsweep.worker.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.gistsweep.common.spec.PathSettings;
import org.gistsweep.worker.files.AllowedRoots;
import org.gistsweep.worker.files.PathRefusedException;

/**
 * Reads a VTAB-1K split file and decodes its images (JPEG, PNG: whatever javax.imageio reads). The
 * split file and each image must lie under the allowed roots and be regular files; errors name the
 * file and line and what was expected, never the text of a line.
 */
final class SplitReader {
  private SplitReader() {}

  static VtabDataset read(Path root, String task, String split, int size, AllowedRoots roots) {
    PathSettings.problem("task", task)
        .or(() -> PathSettings.problem("train_split", split))
        .ifPresent(
            problem -> {
              throw new PathRefusedException(
                  "task '"
                      + task
                      + "', split '"
                      + split
                      + "': "
                      + problem
                      + " ("
                      + roots.describe()
                      + ")");
            });
    Path taskDir = roots.directory(root.resolve(task), "the task folder " + root.resolve(task));
    Path given = taskDir.resolve(split + ".txt");
    Path splitFile =
        roots
            .regularFile(given, "the split file " + given)
            .orElseThrow(
                () ->
                    new DataException(
                        "split file not found: "
                            + given
                            + " (task '"
                            + task
                            + "', split '"
                            + split
                            + "')"));
    List<String> lines;
    try {
      lines = Files.readAllLines(splitFile, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new DataException("split file " + splitFile + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new DataException("cannot read split file " + splitFile + ": " + e.getMessage(), e);
    }
    List<byte[]> pixels = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = splitFile + ":" + (n + 1);
      int cut = line.lastIndexOf(' ');
      if (cut <= 0) {
        throw new DataException(
            where + ": expected '<image path> <label>' (a path, a space, a whole-number label)");
      }
      int label;
      try {
        label = Integer.parseInt(line.substring(cut + 1).strip());
      } catch (NumberFormatException e) {
        throw new DataException(where + ": the label (after the last space) is not a whole number");
      }
      if (label < 0) {
        throw new DataException(where + ": negative label " + label);
      }
      pixels.add(decode(image(taskDir, line.substring(0, cut).strip(), where, roots), where, size));
      labels.add(label);
    }
    if (labels.isEmpty()) {
      throw new DataException("split file " + splitFile + " lists no images");
    }
    return new VtabDataset(
        task,
        split,
        size,
        pixels.toArray(new byte[0][]),
        labels.stream().mapToInt(Integer::intValue).toArray());
  }

  /** The real path of the image a line lists; the message names the line, not its text. */
  private static Path image(Path taskDir, String listed, String where, AllowedRoots roots) {
    Path path;
    try {
      path = taskDir.resolve(listed);
    } catch (InvalidPathException e) {
      throw new DataException(where + ": the image path is not a valid path");
    }
    return roots
        .regularFile(path, "the image listed at " + where)
        .orElseThrow(() -> new DataException("the image listed at " + where + " was not found"));
  }

  private static byte[] decode(Path image, String where, int size) {
    BufferedImage img;
    try {
      img = ImageIO.read(image.toFile());
    } catch (IOException | RuntimeException e) {
      throw new DataException(
          "cannot decode the image listed at " + where + " (" + e.getClass().getSimpleName() + ")");
    }
    if (img == null) {
      throw new DataException(
          "the image listed at "
              + where
              + " is not in a format javax.imageio reads (JPEG, PNG, BMP, GIF)");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    return BicubicResize.toChw(rgb, w, h, size);
  }
}
