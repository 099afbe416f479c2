package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gistsweep.artifacts.testing.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how long a put and a get of 1 MB and 340 MB take on this machine, to a directory store and
 * to S3 (s3proxy in this JVM, default multipart plan). Figures, not assertions; opt in with {@code
 * -Dgistsweep.bench=true}: {@code ./mvnw -B -q -pl artifacts -am test
 * -Dtest=ArtifactStoreThroughputTest -Dgistsweep.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(
    named = "gistsweep.bench",
    matches = "true",
    disabledReason = "a benchmark: -Dgistsweep.bench=true")
class ArtifactStoreThroughputTest {
  @TempDir Path temp;

  @Test
  void putAndGetOf1MbAnd340Mb() throws IOException {
    List<String> lines = new ArrayList<>();
    long started = System.nanoTime();
    try (S3TestServer server =
            S3TestServer.start(Files.createDirectories(temp.resolve("s3proxy")));
        ArtifactStore s3 = ArtifactStores.open(server.createBucket("bench"), server.settings())) {
      s3.check();
      lines.add(
          String.format(
              "S3 store opened and checked (s3proxy start, client build, first requests): %.0f ms",
              (System.nanoTime() - started) / 1e6));
      try (ArtifactStore dir =
          ArtifactStores.open(temp.resolve("dir-store").toUri(), S3Settings.DEFAULT)) {
        for (int size : new int[] {1_000_000, 340_000_000}) {
          Path file = randomFile(size);
          int repeats = size < 10_000_000 ? 5 : 2;
          for (ArtifactStore store : List.of(dir, s3)) {
            String name = store == dir ? "directory" : "S3 (s3proxy)";
            for (int i = 1; i <= repeats; i++) {
              long t0 = System.nanoTime();
              ArtifactInfo info = store.put("bench/" + size, file);
              long t1 = System.nanoTime();
              ArtifactInfo back =
                  ArtifactDownloads.download(store, "bench/" + size, temp.resolve("back"));
              long t2 = System.nanoTime();
              try (ArtifactContent content = store.open("bench/" + size, ByteRange.all())) {
                content.stream().transferTo(OutputStream.nullOutputStream());
              }
              long t3 = System.nanoTime();
              assertThat(back).isEqualTo(info);
              lines.add(
                  String.format(
                      "%-13s %6.1f MB  #%d  put %8.1f ms (%6.0f MB/s)  get+verify %8.1f ms (%6.0f"
                          + " MB/s)  get %8.1f ms (%6.0f MB/s)",
                      name,
                      size / 1e6,
                      i,
                      ms(t0, t1),
                      mbps(size, t0, t1),
                      ms(t1, t2),
                      mbps(size, t1, t2),
                      ms(t2, t3),
                      mbps(size, t2, t3)));
            }
            store.delete("bench/" + size);
          }
          Files.delete(file);
        }
      }
    }
    lines.forEach(System.out::println);
  }

  private Path randomFile(int size) throws IOException {
    Path file = temp.resolve("random-" + size);
    Random random = new Random(size);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, Math.min(left, block.length));
      }
    }
    return file;
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }

  private static double mbps(long bytes, long from, long to) {
    return bytes / 1e6 / ((to - from) / 1e9);
  }
}
