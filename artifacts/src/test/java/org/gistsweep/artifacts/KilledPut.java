package org.gistsweep.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A child JVM for {@link ArtifactStoreContractTest}: starts a put whose source stalls half way
 * (after the first part of a multipart upload), prints {@link #STALLED} and waits to be SIGKILLed.
 *
 * <p>Arguments: {@code dir ROOT KEY SIZE} or {@code s3 URI ENDPOINT KEY SIZE} (credentials in the
 * environment).
 */
final class KilledPut {
  static final String STALLED = "STALLED";

  private KilledPut() {}

  public static void main(String[] args) throws IOException {
    int last = args.length - 1;
    String key = args[last - 1];
    int size = Integer.parseInt(args[last]);
    AbstractArtifactStore store =
        args[0].equals("dir")
            ? DirectoryArtifactStore.open(URI.create(args[1]), Path.of(URI.create(args[1])))
            : ArtifactStores.s3(
                URI.create(args[1]),
                S3Settings.forEndpoint(
                    URI.create(args[2]),
                    "us-east-1",
                    new S3Credentials(
                        System.getenv("AWS_ACCESS_KEY_ID"),
                        System.getenv("AWS_SECRET_ACCESS_KEY"))),
                new MultipartPlan(ArtifactStoreContractTest.PART, ArtifactStoreContractTest.PART));
    int stallAt =
        size > ArtifactStoreContractTest.PART
            ? ArtifactStoreContractTest.PART + size / 4
            : size / 2;
    byte[] bytes = ArtifactStoreContractTest.random(size, 9);
    store.put(
        key,
        new Upload(
            "a stalling source",
            size,
            Optional.of("0".repeat(64)),
            () -> new StallingStream(bytes, stallAt)));
    System.out.println("the put finished, which it must not");
    System.exit(3);
  }

  private static final class StallingStream extends InputStream {
    private final byte[] bytes;
    private final int stallAt;
    private int position;

    StallingStream(byte[] bytes, int stallAt) {
      this.bytes = bytes;
      this.stallAt = stallAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= stallAt) {
        System.out.println(STALLED);
        System.out.flush();
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("interrupted");
      }
      int n = Math.min(len, stallAt - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
