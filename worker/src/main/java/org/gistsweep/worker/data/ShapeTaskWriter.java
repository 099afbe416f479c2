package org.gistsweep.worker.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/** Draws the synthetic images and writes them with their split files into one task folder. */
final class ShapeTaskWriter {
  private static final ShapeKind[] PAIR_KINDS = {
    ShapeKind.CIRCLE, ShapeKind.SQUARE, ShapeKind.TRIANGLE, ShapeKind.CROSS
  };

  private static final int S = SyntheticShapes.IMAGE_SIZE;
  private final Path dir;
  private final SplittableRandom rnd;

  static {
    ImageIO.setUseCache(false);
  }

  ShapeTaskWriter(Path dir, SplittableRandom rnd) {
    this.dir = dir;
    this.rnd = rnd;
  }

  void writeUpstream(int train, int firstPart, int test) throws IOException {
    writeSplits(train, firstPart, test, this::upstreamImage);
  }

  void writeDownstream(int train, int firstPart, int test) throws IOException {
    writeSplits(train, firstPart, test, this::downstreamImage);
  }

  /** One drawn image and its label. */
  private record Drawn(ShapeCanvas canvas, int label) {}

  private interface Painter {
    Drawn paint(SplittableRandom r);
  }

  private Drawn upstreamImage(SplittableRandom r) {
    int label = r.nextInt(ShapeKind.values().length);
    ShapeCanvas c = ShapeCanvas.background(S, r);
    double radius = r.nextDouble(6, 12);
    double cx = r.nextDouble(radius * 0.8, S - radius * 0.8);
    double cy = r.nextDouble(radius * 0.8, S - radius * 0.8);
    c.draw(ShapeKind.values()[label], cx, cy, radius, c.contrastingColour(r, 60));
    return new Drawn(c, label);
  }

  private Drawn downstreamImage(SplittableRandom r) {
    int a = r.nextInt(PAIR_KINDS.length);
    int b = (a + 1 + r.nextInt(PAIR_KINDS.length - 1)) % PAIR_KINDS.length;
    ShapeCanvas c = ShapeCanvas.background(S, r);
    double ra = r.nextDouble(6, 9);
    double rb = r.nextDouble(6, 9);
    double ax;
    double ay;
    double bx;
    double by;
    do {
      ax = r.nextDouble(ra * 0.8, S - ra * 0.8);
      ay = r.nextDouble(ra * 0.8, S - ra * 0.8);
      bx = r.nextDouble(rb * 0.8, S - rb * 0.8);
      by = r.nextDouble(rb * 0.8, S - rb * 0.8);
    } while (Math.hypot(ax - bx, ay - by) < ra + rb);
    c.draw(PAIR_KINDS[a], ax, ay, ra, c.contrastingColour(r, 80));
    c.draw(PAIR_KINDS[b], bx, by, rb, c.contrastingColour(r, 80));
    return new Drawn(c, pairLabel(Math.min(a, b), Math.max(a, b)));
  }

  /** Index of the unordered pair (lo < hi) among the 6 pairs of the 4 kinds. */
  static int pairLabel(int lo, int hi) {
    return switch (lo) {
      case 0 -> hi - 1;
      case 1 -> hi + 1;
      case 2 -> 5;
      default -> throw new IllegalArgumentException("not a pair: " + lo + "," + hi);
    };
  }

  private void writeSplits(int train, int firstPart, int test, Painter painter) throws IOException {
    List<String> trainLines = writeImages("train", train, painter);
    List<String> testLines = writeImages("test", test, painter);
    write("train800val200", trainLines);
    write("train800", trainLines.subList(0, firstPart));
    write("val200", trainLines.subList(firstPart, train));
    write("test", testLines);
  }

  private List<String> writeImages(String folder, int count, Painter painter) throws IOException {
    Path images = dir.resolve("images").resolve(folder);
    Files.createDirectories(images);
    SplittableRandom[] streams = new SplittableRandom[count];
    for (int i = 0; i < count; i++) {
      streams[i] = rnd.split();
    }
    int[] labels = new int[count];
    byte[][] pngs = new byte[count][];
    try {
      IntStream.range(0, count)
          .parallel()
          .forEach(
              i -> {
                Drawn d = painter.paint(streams[i]);
                labels[i] = d.label();
                pngs[i] = encode(d.canvas().toImage(streams[i], 10));
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = String.format("%06d.png", i);
      Files.write(images.resolve(name), pngs[i]);
      lines.add("images/" + folder + "/" + name + " " + labels[i]);
    }
    return lines;
  }

  private static byte[] encode(BufferedImage img) {
    ByteArrayOutputStream png = new ByteArrayOutputStream(4096);
    try {
      if (!ImageIO.write(img, "png", png)) {
        throw new IOException("no PNG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }

  private void write(String split, List<String> lines) throws IOException {
    Files.write(dir.resolve(split + ".txt"), lines);
  }
}
