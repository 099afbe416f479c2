package org.gistsweep.artifacts;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Checks keys and names the store in errors once for every back end; subclasses do the I/O. */
abstract class AbstractArtifactStore implements ArtifactStore {
  private final URI uri;

  AbstractArtifactStore(URI uri) {
    this.uri = uri;
  }

  @Override
  public final URI uri() {
    return uri;
  }

  @Override
  public final ArtifactInfo put(String key, Path file) {
    checked(key);
    Upload upload;
    try {
      upload = Upload.ofFile(file);
    } catch (NoSuchFileException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key) + ": put failed: the file to store " + file + " does not exist",
          e);
    } catch (AccessDeniedException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key)
              + ": put failed: the file to store "
              + file
              + " cannot be read (permission denied)",
          e);
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key) + ": put failed: the file to store " + file + " cannot be read: " + e,
          e);
    }
    return put(key, upload);
  }

  @Override
  public final ArtifactInfo put(String key, byte[] bytes) {
    byte[] copy = bytes.clone();
    return put(
        key,
        new Upload(
            "the bytes given",
            copy.length,
            Optional.empty(),
            () -> new ByteArrayInputStream(copy)));
  }

  /** Stores the bytes of {@code upload} under {@code key}: the one path every put takes. */
  final ArtifactInfo put(String key, Upload upload) {
    return doPut(checked(key), upload);
  }

  @Override
  public final Optional<ArtifactInfo> head(String key) {
    return doHead(checked(key));
  }

  @Override
  public final List<ArtifactInfo> list(String prefix) {
    return doList(checkedPrefix(prefix));
  }

  @Override
  public final ArtifactContent open(String key, ByteRange range) {
    return doOpen(checked(key), range);
  }

  @Override
  public final void delete(String key) {
    doDelete(checked(key));
  }

  @Override
  public final int deletePrefix(String prefix) {
    return doDeletePrefix(checkedPrefix(prefix));
  }

  /** The key, or an INVALID_KEY error that also names this store. */
  final String checked(String key) {
    try {
      return ArtifactKeys.check(key);
    } catch (ArtifactStoreException e) {
      throw new ArtifactStoreException(e.reason(), describe() + ": " + e.getMessage(), e);
    }
  }

  private String checkedPrefix(String prefix) {
    try {
      return ArtifactKeys.checkPrefix(prefix);
    } catch (ArtifactStoreException e) {
      throw new ArtifactStoreException(e.reason(), describe() + ": " + e.getMessage(), e);
    }
  }

  /** How errors name an object of this store: {@code <uri>: artifact '<key>'}. */
  final String where(String key) {
    return describe() + ": artifact '" + key + "'";
  }

  /** How errors name this store: its URI, and for S3 its endpoint. */
  String describe() {
    return uri.toString();
  }

  abstract ArtifactInfo doPut(String key, Upload upload);

  abstract Optional<ArtifactInfo> doHead(String key);

  abstract List<ArtifactInfo> doList(String prefix);

  abstract ArtifactContent doOpen(String key, ByteRange range);

  abstract void doDelete(String key);

  abstract int doDeletePrefix(String prefix);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + uri + "]";
  }
}
