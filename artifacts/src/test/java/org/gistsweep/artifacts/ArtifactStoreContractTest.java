package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.gistsweep.artifacts.ArtifactStoreException.Reason;
import org.gistsweep.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ArtifactStore} contract, written once and run against every back end (a directory, and
 * S3 on a real s3proxy server) by the subclasses.
 */
abstract class ArtifactStoreContractTest {
  /**
   * Objects above this size are split into parts by {@link #newStore()}'s S3 store (5 MiB, S3's
   * smallest).
   */
  static final int PART = 5 * 1024 * 1024;

  @TempDir Path temp;

  ArtifactStore store;

  /** A new, empty store; objects above {@link #PART} bytes go in parts on S3. */
  abstract ArtifactStore newStore();

  /**
   * Opens a store that cannot be written (an unreachable endpoint, a directory that cannot be
   * created); the failure may come here already or at the first operation.
   */
  abstract ArtifactStore openUnavailableStore();

  abstract URI unavailableUri();

  abstract Reason unavailableReason();

  /**
   * Changes one byte of the stored object behind the store's back, keeping its size and metadata.
   */
  abstract void corrupt(String key) throws IOException;

  /** The command-line arguments that let {@link KilledPut} open {@link #store} in a child JVM. */
  abstract List<String> childArguments();

  /** The environment {@link KilledPut} needs beside the test JVM's. */
  Map<String, String> childEnvironment() {
    return Map.of();
  }

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void putRecordsSizeAndSha256AndReadsBack() throws IOException {
    byte[] bytes = random(100_000, 1);
    Path file = write("weights.safetensors", bytes);

    ArtifactInfo info = store.put("studies/s1/trials/3/best.safetensors", file);

    assertThat(info)
        .isEqualTo(
            new ArtifactInfo("studies/s1/trials/3/best.safetensors", bytes.length, sha256(bytes)));
    assertThat(store.head(info.key())).contains(info);
    assertThat(store.list("")).containsExactly(info);
    assertThat(store.list("studies/s1")).containsExactly(info);
    try (ArtifactContent content = store.open(info.key(), ByteRange.all())) {
      assertThat(content.info()).isEqualTo(info);
      assertThat(content.isWhole()).isTrue();
      assertThat(content.readAllBytes()).isEqualTo(bytes);
    }
    assertThat(ArtifactDownloads.verify(store, info.key())).isEqualTo(info);
    Path copy = temp.resolve("out/copy.safetensors");
    assertThat(ArtifactDownloads.download(store, info.key(), copy)).isEqualTo(info);
    assertThat(Files.readAllBytes(copy)).isEqualTo(bytes);
  }

  @Test
  void putOfBytesAndOfAnEmptyObject() {
    ArtifactInfo json = store.put("t/1/best.json", "{\"epoch\":3}".getBytes(UTF_8));
    ArtifactInfo empty = store.put("t/1/empty", new byte[0]);

    assertThat(json.sha256()).isEqualTo(sha256("{\"epoch\":3}".getBytes(UTF_8)));
    assertThat(empty).isEqualTo(new ArtifactInfo("t/1/empty", 0, sha256(new byte[0])));
    assertThat(store.list("t")).containsExactly(json, empty);
    try (ArtifactContent content = store.open("t/1/empty", ByteRange.all())) {
      assertThat(content.readAllBytes()).isEmpty();
      assertThat(content.range()).isEqualTo(ByteRange.Resolved.EMPTY);
    }
    assertThatThrownBy(() -> store.open("t/1/empty", ByteRange.of(0, 0)))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.RANGE_NOT_SATISFIABLE));
  }

  @Test
  void rangesReadTheFirstMiddleAndLastBytesAndSuffixes() {
    byte[] bytes = random(1000, 2);
    store.put("r", bytes);

    assertRange(ByteRange.of(0, 0), bytes, 0, 0);
    assertRange(ByteRange.of(500, 509), bytes, 500, 509);
    assertRange(ByteRange.of(999, 999), bytes, 999, 999);
    assertRange(ByteRange.suffix(10), bytes, 990, 999);
    assertRange(ByteRange.suffix(5000), bytes, 0, 999);
    assertRange(ByteRange.from(990), bytes, 990, 999);
    assertRange(ByteRange.of(990, 5000), bytes, 990, 999);
    for (ByteRange outside : List.of(ByteRange.of(1000, 1001), ByteRange.from(1000))) {
      assertThatThrownBy(() -> store.open("r", outside))
          .isInstanceOfSatisfying(
              ArtifactStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.RANGE_NOT_SATISFIABLE));
    }
    try (ArtifactContent part = store.open("r", ByteRange.of(1, 2))) {
      assertThat(part.isWhole()).isFalse();
      assertThatThrownBy(() -> ArtifactDownloads.verifying(part))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void missingObjects() {
    assertThat(store.head("no/such")).isEmpty();
    assertThat(store.list("no")).isEmpty();
    assertThatThrownBy(() -> store.open("no/such", ByteRange.all()))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
              assertThat(e.getMessage()).contains(store.uri().toString()).contains("no/such");
            });
  }

  @Test
  void listSelectsWholeSegmentsSortedByKey() {
    for (String key : List.of("s/2/a", "s/10/a", "s/1/b/c", "s/1/a", "t/1")) {
      store.put(key, key.getBytes(UTF_8));
    }

    assertThat(keys(store.list(""))).containsExactly("s/1/a", "s/1/b/c", "s/10/a", "s/2/a", "t/1");
    assertThat(keys(store.list("s/1"))).containsExactly("s/1/a", "s/1/b/c");
    assertThat(keys(store.list("s/1/"))).containsExactly("s/1/a", "s/1/b/c");
    assertThat(keys(store.list("s/1/a"))).isEmpty();
    assertThat(store.list("s/3")).isEmpty();
  }

  @Test
  void putReplacesAnEarlierObject() {
    store.put("k", "first".getBytes(UTF_8));
    ArtifactInfo second = store.put("k", "second version".getBytes(UTF_8));

    assertThat(store.list("")).containsExactly(second);
    try (ArtifactContent content = store.open("k", ByteRange.all())) {
      assertThat(new String(content.readAllBytes(), UTF_8)).isEqualTo("second version");
    }
  }

  @Test
  void deleteIsIdempotentAndDeletePrefixKeepsSiblings() {
    for (String key : List.of("s/1/a", "s/1/b/c", "s/10/a", "s/2")) {
      store.put(key, key.getBytes(UTF_8));
    }

    store.delete("s/2");
    store.delete("s/2");
    store.delete("never/there");
    assertThat(store.head("s/2")).isEmpty();
    assertThat(store.deletePrefix("s/1")).isEqualTo(2);
    assertThat(store.deletePrefix("s/1")).isZero();
    assertThat(keys(store.list(""))).containsExactly("s/10/a");
    assertThat(store.deletePrefix("")).isEqualTo(1);
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void keysAreCheckedBeforeAnyIo() {
    for (String bad :
        List.of(
            "", "/abs", "a/../b", "a//b", "a/", ".partial/x", "a/b.sha256", "a b", "a\nb", "é")) {
      assertThatThrownBy(() -> store.put(bad, new byte[1]))
          .as(bad)
          .isInstanceOfSatisfying(
              ArtifactStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_KEY));
    }
    assertThatThrownBy(() -> store.list("/s")).isInstanceOf(ArtifactStoreException.class);
    assertThatThrownBy(() -> store.deletePrefix("..")).isInstanceOf(ArtifactStoreException.class);
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void aPutThatFailsHalfWayLeavesNothingAndTheNextPutWorks() throws IOException {
    for (int size :
        new int[] {100_000, 2 * PART + 1000}) { // one request, and a multipart upload on S3
      String key = "torn/" + size;
      byte[] bytes = random(size, 3);
      Upload failing =
          new Upload(
              "a file that fails half way",
              size,
              Optional.empty(),
              () -> new FailingStream(bytes, size / 2 + (size > PART ? PART : 0)));

      assertThatThrownBy(() -> ((AbstractArtifactStore) store).put(key, failing))
          .isInstanceOfSatisfying(
              ArtifactStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(Reason.SOURCE);
                assertThat(e.getMessage()).contains(key).contains("fails half way");
              });
      assertThat(store.list("")).isEmpty();
      assertThat(store.head(key)).isEmpty();

      ArtifactInfo info = store.put(key, write("again", bytes));
      assertThat(info.sha256()).isEqualTo(sha256(bytes));
      assertThat(ArtifactDownloads.verify(store, key)).isEqualTo(info);
      store.delete(key);
    }
  }

  @Test
  void aWriterKilledDuringAPutLeavesNothingListed() throws Exception {
    for (int size : new int[] {200_000, 2 * PART + 1000}) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "-Daws.disableEc2Metadata=true",
                  KilledPut.class.getName()));
      command.addAll(childArguments());
      command.addAll(List.of("killed/" + size, Integer.toString(size)));
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(childEnvironment());
      Process child = builder.start();
      try (var out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () -> {
              String line;
              while ((line = out.readLine()) != null && !line.equals(KilledPut.STALLED)) {
                System.out.println("child: " + line);
              }
              assertThat(line)
                  .as("the child stalled half way through its put")
                  .isEqualTo(KilledPut.STALLED);
            });
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        child.destroyForcibly();
      }

      assertThat(store.list("")).isEmpty();
      assertThat(store.head("killed/" + size)).isEmpty();
      byte[] bytes = random(size, 4);
      assertThat(store.put("killed/" + size, write("after-kill", bytes)).size()).isEqualTo(size);
      assertThat(ArtifactDownloads.verify(store, "killed/" + size).sha256())
          .isEqualTo(sha256(bytes));
      store.delete("killed/" + size);
    }
  }

  @Test
  void aCorruptedObjectIsDetectedOnReadBack() throws IOException {
    byte[] bytes = random(10_000, 5);
    ArtifactInfo info = store.put("c/best.safetensors", bytes);
    corrupt("c/best.safetensors");

    assertThat(store.head("c/best.safetensors")).contains(info);
    assertThatThrownBy(() -> ArtifactDownloads.verify(store, "c/best.safetensors"))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.INTEGRITY);
              assertThat(e.getMessage())
                  .contains(store.uri().toString())
                  .contains("c/best.safetensors")
                  .contains(info.sha256());
            });
    Path target = temp.resolve("downloaded");
    assertThatThrownBy(() -> ArtifactDownloads.download(store, "c/best.safetensors", target))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INTEGRITY));
    assertThat(target).doesNotExist();
    try (var files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".part"));
    }
  }

  @Test
  void aLargeObjectGoesInPartsAndReadsBackWhole() throws IOException {
    byte[] bytes = random(2 * PART + 12_345, 6);
    ArtifactInfo info = store.put("large/full.safetensors", write("large", bytes));

    assertThat(info)
        .isEqualTo(new ArtifactInfo("large/full.safetensors", bytes.length, sha256(bytes)));
    assertThat(store.head(info.key())).contains(info);
    assertThat(ArtifactDownloads.verify(store, info.key())).isEqualTo(info);
    assertRange(ByteRange.of(PART - 10, PART + 9), bytes, PART - 10, PART + 9);
  }

  @Test
  void anUnavailableStoreFailsQuicklyNamingTheUriAndTheCause() throws IOException {
    Path file = write("w", new byte[] {1, 2, 3});
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          ArtifactStoreException checked =
              catchThrowableOfType(
                  ArtifactStoreException.class,
                  () -> {
                    try (ArtifactStore unavailable = openUnavailableStore()) {
                      unavailable.check();
                    }
                  });
          ArtifactStoreException put =
              catchThrowableOfType(
                  ArtifactStoreException.class,
                  () -> {
                    try (ArtifactStore unavailable = openUnavailableStore()) {
                      unavailable.put("t/1/w", file);
                    }
                  });
          for (ArtifactStoreException e : List.of(checked, put)) {
            assertThat(e.reason()).isEqualTo(unavailableReason());
            assertThat(e.retriable()).isEqualTo(unavailableReason().retriable());
            assertThat(e.getMessage()).contains(unavailableUri().toString());
          }
        });
  }

  @Test
  void checkPassesOnAGoodStoreAndLeavesNothing() {
    store.check();
    assertThat(store.list("")).isEmpty();
  }

  @Test
  void anAttemptLogIsChunkedTrimmedToItsLimitAndReadInOrder() {
    var policy = new AttemptLogPolicy(1024, 4096, Duration.ofMillis(50));
    StringBuilder written = new StringBuilder();
    try (AttemptLogWriter log = AttemptLogWriter.open(store, "t/1/log", policy)) {
      for (int epoch = 0; epoch < 400; epoch++) {
        String line = "epoch " + epoch + " loss " + 1.0 / (epoch + 1) + "\n";
        log.append(line);
        written.append(line);
      }
    }

    AttemptLog read = AttemptLogReader.read(store, "t/1/log");
    assertThat(read.truncated()).isTrue();
    assertThat(read.content().length).isLessThanOrEqualTo(4096).isGreaterThan(4096 - 1024);
    assertThat(written.toString()).endsWith(read.text());
    assertThat(read.text()).startsWith("epoch ").endsWith("epoch 399 loss 0.0025\n");
    List<ArtifactInfo> chunks = store.list("t/1/log");
    assertThat(chunks).hasSizeLessThanOrEqualTo(5);
    assertThat(keys(chunks)).allMatch(key -> key.matches("t/1/log/\\d{6}"));
  }

  @Test
  void logLinesReachTheStoreWithinTheFlushIntervalWithoutFlushOrClose() {
    AttemptLogWriter log =
        AttemptLogWriter.open(
            store, "t/2/log", new AttemptLogPolicy(64 * 1024, 1024 * 1024, Duration.ofMillis(200)));
    try {
      log.append("line before a crash\n");
      awaitLog("t/2/log", "line before a crash\n"); // as a SIGKILL now would leave it
      log.append("and the next\n");
      awaitLog("t/2/log", "line before a crash\nand the next\n");
      assertThat(keys(store.list("t/2/log")))
          .containsExactly("t/2/log/000001"); // rewritten, not a chunk per flush
      assertThat(log.lastFailure()).isEmpty();
    } finally {
      log.close();
    }
  }

  @Test
  void aReopenedLogContinuesAfterItsLastChunk() {
    var policy = new AttemptLogPolicy(16, 1000, Duration.ofSeconds(30));
    try (AttemptLogWriter first = AttemptLogWriter.open(store, "t/3/log", policy)) {
      first.append("0123456789abcdefghij\n");
    }
    try (AttemptLogWriter second = AttemptLogWriter.open(store, "t/3/log", policy)) {
      second.append("retry\n");
    }

    assertThat(keys(store.list("t/3/log")))
        .containsExactly("t/3/log/000001", "t/3/log/000002", "t/3/log/000003");
    AttemptLog read = AttemptLogReader.read(store, "t/3/log");
    assertThat(read.text()).isEqualTo("0123456789abcdefghij\nretry\n");
    assertThat(read.truncated()).isFalse();
    assertThat(AttemptLogReader.read(store, "t/4/log").content()).isEmpty();
  }

  @Test
  void theDefaultPolicyKeepsTheLastMebibyteInAtMostSeventeenChunks() {
    StringBuilder written = new StringBuilder();
    try (AttemptLogWriter log = AttemptLogWriter.open(store, "t/5/log")) {
      for (int i = 0; written.length() < 1_600_000; i++) {
        String line =
            String.format("%08d step loss 0.%016d lr 0.001 throughput 162.4 img/s%n", i, i * 7919L);
        log.append(line);
        written.append(line);
      }
    }

    AttemptLog read = AttemptLogReader.read(store, "t/5/log");
    assertThat(read.content().length)
        .isLessThanOrEqualTo(1 << 20)
        .isGreaterThan((1 << 20) - (64 << 10));
    assertThat(written.toString()).endsWith(read.text());
    assertThat(store.list("t/5/log")).hasSizeLessThanOrEqualTo(17);
  }

  private void awaitLog(String log, String expected) {
    Waits.until(
        "the log " + log + " to read back as written",
        Duration.ofSeconds(20),
        () -> AttemptLogReader.read(store, log).text().equals(expected));
  }

  private void assertRange(ByteRange range, byte[] bytes, int first, int last) {
    try (ArtifactContent content =
        store.open(
            store.list("").stream()
                .filter(i -> i.size() == bytes.length)
                .findFirst()
                .orElseThrow()
                .key(),
            range)) {
      assertThat(content.range()).as(range.header()).isEqualTo(new ByteRange.Resolved(first, last));
      byte[] expected = Arrays.copyOfRange(bytes, first, last + 1);
      assertThat(content.readAllBytes()).as(range.header()).isEqualTo(expected);
    }
  }

  Path write(String name, byte[] bytes) throws IOException {
    return Files.write(temp.resolve(name), bytes);
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> keys(List<ArtifactInfo> infos) {
    return infos.stream().map(ArtifactInfo::key).toList();
  }

  /** The bytes of a file whose read fails after {@code failAt} bytes. */
  static final class FailingStream extends InputStream {
    private final byte[] bytes;
    private final int failAt;
    private int position;

    FailingStream(byte[] bytes, int failAt) {
      this.bytes = bytes;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= failAt) {
        throw new IOException("Input/output error (the disk failed half way)");
      }
      int n = Math.min(len, failAt - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
