package org.gistsweep.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A file given as a backbone (or its sidecar) that is not what it should be fails with a message
 * naming the file, the byte range or entry position, and what was expected: never its bytes, its
 * text, or a number read from it (the attack read /etc/passwd's first 8 bytes as a header length).
 */
class CheckpointReadersQuoteNothingTest {
  private static final String SECRET = "TOP-SECRET-hunter2";

  @TempDir Path dir;

  private static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(t.getMessage())
          .doesNotContain(SECRET)
          .doesNotContain("hunter2")
          .doesNotContain("TOP-SECRET");
    }
  }

  private Path safetensors(String name, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    Path f = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(f)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
      out.write(json);
      out.write(data);
    }
    return f;
  }

  @Test
  void aTextFileIsNotReadAsAHeaderLength() throws IOException {
    Path passwd =
        Files.writeString(
            dir.resolve("passwd.safetensors"), "root:x:0:0:" + SECRET + ":/root:/bin/bash\n");
    long asLength =
        ByteBuffer.wrap("root:x:0".getBytes(StandardCharsets.US_ASCII))
            .order(ByteOrder.LITTLE_ENDIAN)
            .getLong();
    assertThatThrownBy(() -> SafeTensors.read(passwd))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bytes 0-7 do not hold a little-endian header length")
        .hasMessageNotContaining(Long.toString(asLength))
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
    Path tiny = Files.writeString(dir.resolve("tiny.safetensors"), "TOP");
    assertThatThrownBy(() -> SafeTensors.read(tiny))
        .hasMessageContaining("3 bytes, fewer than the 8");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"" + SECRET + "\": ", // malformed JSON
        "[\"" + SECRET + "\"]", // not an object
        "{\"w\": \"" + SECRET + "\"}", // entry not an object
        "{\"w\": {\"dtype\": \""
            + SECRET
            + "\", \"shape\": [1], \"data_offsets\": [0, 4]}}", // dtype
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [\""
            + SECRET
            + "\"], \"data_offsets\": [0, 4]}}", // shape
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", // shape vs
        // length
        "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 987654321]}}"
      }) // offsets
  void aBadHeaderIsDescribedNotQuoted(String header) throws IOException {
    Path f = safetensors("bad.safetensors", header, new byte[4]);
    assertThatThrownBy(() -> SafeTensors.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(f.toString())
        .hasMessageNotContaining("987654321")
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
  }

  @Test
  void aBadNpzIsDescribedByEntryPosition() throws IOException {
    Path notZip = Files.writeString(dir.resolve("a.npz"), SECRET);
    assertThatThrownBy(() -> Npz.read(notZip))
        .hasMessageContaining("is not a readable .npz (zip) archive")
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
    for (byte[] entry :
        List.of(
            SECRET.getBytes(StandardCharsets.UTF_8),
            npy("{'descr': '" + SECRET + "', 'fortran_order': False, 'shape': (1,), }"),
            npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + SECRET + ",), }"),
            npy("{'" + SECRET + "': 1}"))) {
      Path f = dir.resolve("b.npz");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(f))) {
        zip.putNextEntry(new ZipEntry(SECRET + ".npy"));
        zip.write(entry);
        zip.closeEntry();
      }
      assertThatThrownBy(() -> Npz.read(f))
          .hasMessageContaining("entry 1 of the archive")
          .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
    }
  }

  private static byte[] npy(String dict) {
    String header = dict + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
        .putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1));
    return b.array();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        SECRET,
        "{\"arch\": \"x\", \"dim\": \"" + SECRET + "\"}",
        "{\"arch\": \"x\", \"image_size\": 32, \"patch_size\": 5, \"dim\": 96, \"depth\": 1,"
            + " \"heads\": 3, \"mlp_ratio\": 4}"
      })
  void aBadSidecarIsDescribedNotQuoted(String json) {
    assertThatThrownBy(() -> ArchSidecar.parse(json, "w.json"))
        .isInstanceOfSatisfying(
            TrainingException.class, e -> assertThat(e.errorType()).isEqualTo("checkpoint"))
        .hasMessageContaining("the arch sidecar w.json is not a JSON object with arch, image_size")
        .hasMessageNotContaining("patch 5")
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
  }

  @Test
  void aBackboneWithSecretContentFailsAsACheckpointErrorWithoutIt() throws IOException {
    Path f = Files.writeString(dir.resolve("w.safetensors"), SECRET.repeat(4));
    Files.writeString(dir.resolve("w.json"), SECRET);
    assertThatThrownBy(() -> BackboneResolver.resolve(f.toString(), dir))
        .isInstanceOfSatisfying(
            TrainingException.class,
            e -> {
              assertThat(e.errorType()).isEqualTo("checkpoint");
              assertThat(e.retriable()).isFalse();
            })
        .hasMessageStartingWith("cannot read backbone " + f)
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
    Path ok = dir.resolve("ok.safetensors");
    SafeTensors.write(
        ok, Map.of("x", new SafeTensors.Tensor(new long[] {1}, new float[] {1})), Map.of());
    Files.writeString(dir.resolve("ok.json"), "{\"arch\": \"" + SECRET + "\"}");
    assertThatThrownBy(() -> BackboneResolver.resolve(ok.toString(), dir))
        .hasMessageContaining("the arch sidecar")
        .satisfies(CheckpointReadersQuoteNothingTest::assertNoSecret);
  }
}
