package org.gistsweep.artifacts;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** Whole-object reads that check the bytes against the sha256 recorded when they were stored. */
public final class ArtifactDownloads {
  private ArtifactDownloads() {}

  /**
   * Copies the object under {@code key} to {@code target} (through a temporary file beside it,
   * moved into place only when the sha256 matches).
   *
   * @return the object's info
   * @throws ArtifactStoreException {@link ArtifactStoreException.Reason#INTEGRITY} when the bytes
   *     do not hash to the recorded sha256 (nothing is left at {@code target} then)
   */
  public static ArtifactInfo download(ArtifactStore store, String key, Path target) {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = null;
    try (ArtifactContent content = store.open(key, ByteRange.all());
        InputStream in = verifying(content)) {
      Files.createDirectories(dir);
      temp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(temp)) {
        in.transferTo(out);
      }
      moveIntoPlace(temp, target);
      temp = null;
      return content.info();
    } catch (IntegrityException e) {
      throw e.named(store);
    } catch (IOException e) {
      throw FileErrors.map(e, store.uri() + ": artifact '" + key + "'", "download to " + target);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // a leftover .part file names itself
        }
      }
    }
  }

  /**
   * Reads the whole object under {@code key} and checks its sha256.
   *
   * @return the object's info when the bytes match
   * @throws ArtifactStoreException {@link ArtifactStoreException.Reason#INTEGRITY} when they do not
   */
  public static ArtifactInfo verify(ArtifactStore store, String key) {
    try (ArtifactContent content = store.open(key, ByteRange.all());
        InputStream in = verifying(content)) {
      in.transferTo(OutputStream.nullOutputStream());
      return content.info();
    } catch (IntegrityException e) {
      throw e.named(store);
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.IO,
          store.uri() + ": artifact '" + key + "': reading failed: " + e,
          e);
    }
  }

  /**
   * The content's bytes, checked against its sha256 at the end: the last read throws an {@link
   * IOException} (whose cause is an {@link ArtifactStoreException} with {@link
   * ArtifactStoreException.Reason#INTEGRITY}) instead of reporting the end when they do not match,
   * so that a server streaming it aborts the response rather than finishing a corrupt one.
   *
   * @throws IllegalArgumentException when the content is a range, not the whole object
   */
  public static InputStream verifying(ArtifactContent content) {
    if (!content.isWhole()) {
      throw new IllegalArgumentException(
          "only a whole object can be checked against its sha256, not bytes "
              + content.range().first()
              + "-"
              + content.range().last()
              + " of "
              + content.info().key());
    }
    return new VerifyingStream(content.stream(), content.info(), Sha256.digest());
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, ATOMIC_MOVE, REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, REPLACE_EXISTING);
    }
  }

  /** Thrown by the last read of a corrupt object; carries the store error that names it. */
  static final class IntegrityException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient ArtifactStoreException failure;

    IntegrityException(ArtifactStoreException failure) {
      super(failure.getMessage(), failure);
      this.failure = failure;
    }

    ArtifactStoreException named(ArtifactStore store) {
      return new ArtifactStoreException(
          failure.reason(), store.uri() + ": " + failure.getMessage(), this);
    }
  }

  private static final class VerifyingStream extends FilterInputStream {
    private final ArtifactInfo info;
    private final MessageDigest digest;
    private long read;
    private boolean checked;

    VerifyingStream(InputStream in, ArtifactInfo info, MessageDigest digest) {
      super(in);
      this.info = info;
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
        read += n;
      } else if (n < 0 && !checked) {
        checked = true;
        String actual = Sha256.hex(digest);
        if (read != info.size() || !actual.equals(info.sha256())) {
          throw new IntegrityException(
              new ArtifactStoreException(
                  ArtifactStoreException.Reason.INTEGRITY,
                  "artifact '"
                      + info.key()
                      + "' is corrupt: its "
                      + read
                      + " bytes hash to sha256 "
                      + actual
                      + ", but "
                      + info.size()
                      + " bytes with sha256 "
                      + info.sha256()
                      + " were stored; delete it and store it again",
                  null));
        }
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("a verified artifact stream is read, not skipped");
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }
}
