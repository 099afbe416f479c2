package org.gistsweep.worker.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Minimal NumPy {@code .npz} IO (a zip of {@code .npy} files, C order). Reads little-endian {@code
 * f2, f4, f8, i4, i8} arrays, widened or converted to float in Java; writes {@code f4} and {@code
 * i8}. Used for Google's Flax ViT checkpoints and for the batches of {@code inspect}.
 */
public final class Npz {
  /**
   * One array: shape and row-major values as floats.
   *
   * @param shape the dimensions
   * @param data the values in C order
   * @param integer whether the array holds integers (written as int64)
   */
  public record Array(long[] shape, float[] data, boolean integer) {
    /** Checks that the data length matches the shape. */
    public Array {
      long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
      if (n != data.length) {
        throw new IllegalArgumentException(
            "shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
      }
    }
  }

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private Npz() {}

  /**
   * Reads every array of {@code file}, keyed by name without the {@code .npy} suffix. Errors name
   * the file and the entry by its position in the archive, never the file's bytes or text.
   */
  public static Map<String, Array> read(Path file) throws IOException {
    Map<String, Array> out = new LinkedHashMap<>();
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not a readable .npz (zip) archive");
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      for (int position = 1; entries.hasMoreElements(); position++) {
        ZipEntry e = entries.nextElement();
        String name =
            e.getName().endsWith(".npy")
                ? e.getName().substring(0, e.getName().length() - 4)
                : e.getName();
        String where = file + ": entry " + position + " of the archive";
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
          bytes = in.readAllBytes();
        } catch (IOException | RuntimeException x) {
          throw new IOException(where + " cannot be read (a damaged or unsupported zip entry)");
        }
        try {
          out.put(name, parse(where, bytes));
        } catch (RuntimeException x) {
          throw new IOException(
              where
                  + " is not a well-formed .npy array (header, shape and data length must agree)");
        }
      }
    }
    return out;
  }

  /**
   * Writes {@code arrays} as an uncompressed-content {@code .npz} (f4, or i8 for integer arrays).
   */
  public static void write(Path file, Map<String, Array> arrays) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      for (Map.Entry<String, Array> e : arrays.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        zip.write(encode(e.getValue()));
        zip.closeEntry();
      }
    }
  }

  private static Array parse(String where, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IOException(
          where + " is not a .npy array (it does not start with the .npy magic bytes)");
    }
    int major = bytes[6];
    int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort(8)) : buf.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shapeM = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shapeM.find()) {
      throw new IOException(where + " has a .npy header without descr, fortran_order and shape");
    }
    if (fortran.group(1).equals("True")) {
      throw new IOException(where + " is Fortran-ordered; save it in C order");
    }
    long[] shape =
        Arrays.stream(shapeM.group(1).split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .mapToLong(Long::parseLong)
            .toArray();
    int n = Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b));
    buf.position(start + headerLen);
    float[] data = new float[n];
    String dtype = descr.group(1);
    boolean integer = false;
    switch (dtype) {
      case "<f4" -> buf.asFloatBuffer().get(data);
      case "<f8" -> {
        for (int i = 0; i < n; i++) {
          data[i] = (float) buf.getDouble();
        }
      }
      case "<f2" -> {
        for (int i = 0; i < n; i++) {
          data[i] = SafeTensors.halfToFloat(buf.getShort());
        }
      }
      case "<i8" -> {
        integer = true;
        for (int i = 0; i < n; i++) {
          data[i] = buf.getLong();
        }
      }
      case "<i4" -> {
        integer = true;
        for (int i = 0; i < n; i++) {
          data[i] = buf.getInt();
        }
      }
      default ->
          throw new IOException(
              where
                  + " has an unsupported dtype; use float16/float32/float64/int32/int64,"
                  + " little-endian");
    }
    return new Array(shape, data, integer);
  }

  private static byte[] encode(Array a) {
    String dims = String.join(", ", Arrays.stream(a.shape()).mapToObj(Long::toString).toList());
    String shape = "(" + dims + (a.shape().length == 1 ? ",)" : ")");
    String dict =
        "{'descr': '"
            + (a.integer() ? "<i8" : "<f4")
            + "', 'fortran_order': False, 'shape': "
            + shape
            + ", }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    int width = a.integer() ? 8 : 4;
    ByteBuffer buf =
        ByteBuffer.allocate(10 + header.length() + width * a.data().length)
            .order(ByteOrder.LITTLE_ENDIAN);
    buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (float v : a.data()) {
      if (a.integer()) {
        buf.putLong((long) v);
      } else {
        buf.putFloat(v);
      }
    }
    return buf.array();
  }
}
