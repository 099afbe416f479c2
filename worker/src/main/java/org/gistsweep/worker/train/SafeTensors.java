package org.gistsweep.worker.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Minimal safetensors IO: an 8-byte little-endian header length, a JSON header
 * ({@code name -> {dtype, shape, data_offsets}} plus optional {@code __metadata__}), then raw
 * little-endian data. Writes F32; reads F32, F16, BF16 and F64, widened to float in Java (a BF16
 * NDArray would abort the native engine).
 */
final class SafeTensors {
  /** One tensor: its shape and row-major float data. */
  record Tensor(long[] shape, float[] data) {
    String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private SafeTensors() {}

  static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    JsonObject header = new JsonObject();
    if (!metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      header.add("__metadata__", meta);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      JsonObject t = new JsonObject();
      t.addProperty("dtype", "F32");
      JsonArray shape = new JsonArray();
      Arrays.stream(e.getValue().shape()).forEach(shape::add);
      t.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += 4L * e.getValue().data().length;
      offsets.add(offset);
      t.add("data_offsets", offsets);
      header.add(e.getKey(), t);
    }
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    byte[] head = Arrays.copyOf(json, padded);
    Arrays.fill(head, json.length, padded, (byte) ' ');
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(head);
      for (Tensor t : tensors.values()) {
        ByteBuffer buf = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(t.data());
        out.write(buf.array());
      }
    }
  }

  static Map<String, Tensor> read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, len, 0);
      long headerLen = len.flip().getLong();
      if (headerLen <= 0 || headerLen > 100_000_000L || headerLen + 8 > ch.size()) {
        throw new IOException("not a safetensors file (header length " + headerLen + "): " + file);
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      JsonObject header = JsonParser.parseString(new String(hb.array(), StandardCharsets.UTF_8)).getAsJsonObject();
      long base = 8 + headerLen;
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> e : header.entrySet()) {
        if (e.getKey().equals("__metadata__")) {
          continue;
        }
        JsonObject t = e.getValue().getAsJsonObject();
        JsonArray s = t.getAsJsonArray("shape");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = s.get(i).getAsLong();
        }
        JsonArray off = t.getAsJsonArray("data_offsets");
        long start = off.get(0).getAsLong();
        long end = off.get(1).getAsLong();
        ByteBuffer data = ByteBuffer.allocate(Math.toIntExact(end - start)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, data, base + start);
        data.flip();
        out.put(e.getKey(), new Tensor(shape, decode(e.getKey(), t.get("dtype").getAsString(), data)));
      }
      return out;
    }
  }

  private static float[] decode(String name, String dtype, ByteBuffer data) throws IOException {
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
      default -> throw new IOException("tensor " + name + " has unsupported dtype " + dtype);
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
