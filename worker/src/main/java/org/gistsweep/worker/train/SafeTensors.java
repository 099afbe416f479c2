package org.gistsweep.worker.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.gistsweep.worker.files.ReplacingWrite;

/**
 * Minimal safetensors IO: an 8-byte little-endian header length, a JSON header ({@code name ->
 * {dtype, shape, data_offsets}} plus optional {@code __metadata__}), then raw little-endian data.
 * Writes F32; reads F32, F16, BF16 and F64, widened to float in Java (a BF16 NDArray would abort
 * the native engine).
 */
final class SafeTensors {
  /** One tensor: its shape and row-major float data. */
  record Tensor(long[] shape, float[] data) {
    String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private SafeTensors() {}

  /**
   * One tensor to write: its name, shape and a supplier of its row-major float data, called once,
   * when the tensor's turn comes, so that only one tensor's data is in Java memory at a time.
   */
  record Source(String name, long[] shape, Supplier<float[]> data) {
    long elements() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    List<Source> sources = new ArrayList<>();
    tensors.forEach((name, t) -> sources.add(new Source(name, t.shape(), t::data)));
    write(file, sources, metadata);
  }

  /**
   * Writes {@code tensors} as F32 in the order given: the header first (from the shapes), then each
   * tensor's data as its supplier hands it over. The file is written beside its target and renamed
   * over it ({@link ReplacingWrite}).
   *
   * @return the file's size in bytes
   * @throws IOException when a supplier's data does not match its shape, or the file cannot be
   *     written
   */
  static long write(Path file, List<Source> tensors, Map<String, String> metadata)
      throws IOException {
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      header.add("__metadata__", meta);
    }
    long offset = 0;
    for (Source source : tensors) {
      JsonObject t = new JsonObject();
      t.addProperty("dtype", "F32");
      JsonArray shape = new JsonArray();
      Arrays.stream(source.shape()).forEach(shape::add);
      t.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += 4L * source.elements();
      offsets.add(offset);
      t.add("data_offsets", offsets);
      header.add(source.name(), t);
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(json, padded);
    Arrays.fill(head, json.length, padded, (byte) ' ');
    Files.createDirectories(file.toAbsolutePath().getParent());
    ReplacingWrite.write(
        file,
        out -> {
          out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
          out.write(head);
          ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
          for (Source source : tensors) {
            float[] data = source.data().get();
            if (data.length != source.elements()) {
              throw new IOException(
                  "tensor "
                      + source.name()
                      + " has "
                      + data.length
                      + " values for shape "
                      + Arrays.toString(source.shape()));
            }
            for (int from = 0; from < data.length; from += buf.capacity() / 4) {
              int n = Math.min(buf.capacity() / 4, data.length - from);
              buf.clear();
              buf.asFloatBuffer().put(data, from, n);
              out.write(buf.array(), 0, 4 * n);
            }
          }
        });
    return 8L + padded + offset;
  }

  /** Longest header read: a ViT-B/16 checkpoint's is about 20 KB. */
  private static final long MAX_HEADER = 100_000_000L;

  /**
   * Reads every tensor of a safetensors file. Errors name the file, the byte range or the header
   * entry (by position) and what was expected; they never quote the file's bytes or text.
   */
  static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long headerLen = headerLength(ch, file, size);
      JsonObject header = header(ch, file, headerLen);
      long base = 8 + headerLen;
      Map<String, Tensor> out = new LinkedHashMap<>();
      int position = 0;
      for (Map.Entry<String, JsonElement> e : header.entrySet()) {
        position++;
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        out.put(e.getKey(), tensor(ch, file, position, e.getValue(), base, size - base));
      }
      return out;
    }
  }

  /**
   * The {@code __metadata__} of a safetensors file's header (empty when it has none); the tensors
   * are not read. Errors as {@link #read}.
   */
  static Map<String, String> metadata(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      JsonObject header = header(ch, file, headerLength(ch, file, ch.size()));
      Map<String, String> out = new LinkedHashMap<>();
      if (header.get("__metadata__") instanceof JsonObject meta) {
        meta.entrySet()
            .forEach(
                e -> {
                  if (e.getValue().isJsonPrimitive()) {
                    out.put(e.getKey(), e.getValue().getAsString());
                  }
                });
      }
      return out;
    }
  }

  private static long headerLength(FileChannel ch, Path file, long size) throws IOException {
    if (size < 8) {
      throw new IOException(
          file
              + " is not a safetensors file: it has "
              + size
              + " bytes, fewer than the 8 of the header length");
    }
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, len, 0);
    long headerLen = len.flip().getLong();
    if (headerLen <= 0 || headerLen > MAX_HEADER || headerLen > size - 8) {
      throw new IOException(
          file
              + " is not a safetensors file: bytes 0-7 do not hold a little-endian header length"
              + " between 1 and "
              + Math.min(MAX_HEADER, size - 8)
              + " (the file has "
              + size
              + " bytes)");
    }
    return headerLen;
  }

  private static JsonObject header(FileChannel ch, Path file, long headerLen) throws IOException {
    ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
    readFully(ch, hb, 8);
    return header(file, hb.array());
  }

  private static JsonObject header(Path file, byte[] bytes) throws IOException {
    try {
      return JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (RuntimeException e) {
      // Gson's messages quote the text they failed on: never pass them on
      throw new IOException(
          file
              + " is not a safetensors file: its header (bytes 8-"
              + (8 + bytes.length - 1)
              + ") is not a JSON object of tensors");
    }
  }

  private static Tensor tensor(
      FileChannel ch, Path file, int position, JsonElement entry, long base, long dataBytes)
      throws IOException {
    String where = file + ": header entry " + position;
    long[] shape;
    long start;
    long end;
    String dtype;
    try {
      JsonObject t = entry.getAsJsonObject();
      JsonArray s = t.getAsJsonArray("shape");
      shape = new long[s.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = s.get(i).getAsLong();
      }
      JsonArray off = t.getAsJsonArray("data_offsets");
      start = off.get(0).getAsLong();
      end = off.get(1).getAsLong();
      dtype = t.get("dtype").getAsString();
    } catch (RuntimeException e) {
      throw new IOException(
          where + " is not {dtype, shape, data_offsets} with whole-number shape and offsets");
    }
    int width =
        switch (dtype) {
          case "F32" -> 4;
          case "F64" -> 8;
          case "F16", "BF16" -> 2;
          default ->
              throw new IOException(
                  where + " has an unsupported dtype; supported: F32, F64, F16, BF16");
        };
    if (start < 0 || end < start || end > dataBytes || end - start > Integer.MAX_VALUE) {
      throw new IOException(
          where + " has data offsets outside the file's " + dataBytes + " data bytes");
    }
    long elements = 1;
    for (long d : shape) {
      if (d < 0 || (d > 0 && elements > Long.MAX_VALUE / d)) {
        throw new IOException(where + " has a negative or overflowing shape");
      }
      elements *= d;
    }
    if (elements > Integer.MAX_VALUE || elements * width != end - start) {
      throw new IOException(where + ": its shape and dtype do not match the length of its data");
    }
    ByteBuffer data = ByteBuffer.allocate((int) (end - start)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, data, base + start);
    data.flip();
    return new Tensor(shape, decode(dtype, data));
  }

  private static float[] decode(String dtype, ByteBuffer data) {
    int n;
    float[] f;
    switch (dtype) {
      case "F32" -> {
        f = new float[data.remaining() / 4];
        data.asFloatBuffer().get(f);
      }
      case "F64" -> {
        n = data.remaining() / 8;
        f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) data.getDouble();
        }
      }
      case "F16" -> {
        n = data.remaining() / 2;
        f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = halfToFloat(data.getShort());
        }
      }
      case "BF16" -> {
        n = data.remaining() / 2;
        f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = Float.intBitsToFloat((data.getShort() & 0xFFFF) << 16);
        }
      }
      default -> throw new IllegalArgumentException("unsupported dtype " + dtype);
    }
    return f;
  }

  static float halfToFloat(short h) {
    int bits = h & 0xFFFF;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >> 10) & 0x1F;
    int mant = bits & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("truncated safetensors file");
      }
      pos += r;
    }
  }
}
