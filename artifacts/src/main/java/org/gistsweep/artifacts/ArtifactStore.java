package org.gistsweep.artifacts;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A store of trial artifacts (weights, sidecars, attempt-log chunks): a directory or an S3 bucket
 * prefix, opened by {@link ArtifactStores#open}. Every back end keeps this contract; the contract
 * test runs it against each.
 *
 * <ul>
 *   <li>Keys and prefixes follow {@link ArtifactKeys}; a bad one fails with {@link
 *       ArtifactStoreException.Reason#INVALID_KEY} before any I/O.
 *   <li>{@link #put} is atomic: nothing is listed, headed or opened under the key until the whole
 *       object and its sha256 are stored; a put that fails or whose process dies half way leaves
 *       nothing visible, and the next put of the same key succeeds. A put replaces an earlier
 *       object of the same key.
 *   <li>Reads never show a partial or temporary object. Deletes are idempotent.
 *   <li>Every failure is an {@link ArtifactStoreException} whose message names {@link #uri()}, the
 *       key and the cause, and whose {@link ArtifactStoreException#retriable()} says whether trying
 *       again can help.
 * </ul>
 *
 * <p>Implementations are safe for use by several threads. Several processes may share one store
 * (workers writing, an orchestrator reading and deleting) as long as two of them never put the same
 * key at once.
 */
public interface ArtifactStore extends AutoCloseable {
  /**
   * The URI this store was opened from ({@code file:///...} or {@code s3://bucket/prefix}); it
   * names no secret.
   */
  URI uri();

  /**
   * Stores the bytes of {@code file} under {@code key}, computing their sha256 while they are read.
   *
   * @return the stored object's key, size and sha256
   * @throws ArtifactStoreException when the file cannot be read, the store refuses the write, or
   *     the file changed while it was being stored ({@link
   *     ArtifactStoreException.Reason#INTEGRITY})
   */
  ArtifactInfo put(String key, Path file);

  /**
   * Stores {@code bytes} under {@code key}, like {@link #put(String, Path)}: for small objects such
   * as JSON sidecars and log chunks.
   */
  ArtifactInfo put(String key, byte[] bytes);

  /** The object under {@code key}, or empty when there is none. */
  Optional<ArtifactInfo> head(String key);

  /**
   * Every complete object below {@code prefix} ({@link ArtifactKeys#checkPrefix}), sorted by key.
   */
  List<ArtifactInfo> list(String prefix);

  /**
   * Opens the bytes {@code range} selects of the object under {@code key}. The caller closes the
   * returned content. The bytes are not checked against the sha256 here; {@link ArtifactDownloads}
   * does that for whole objects.
   *
   * @throws ArtifactStoreException with {@link ArtifactStoreException.Reason#NOT_FOUND} when there
   *     is no such object, {@link ArtifactStoreException.Reason#RANGE_NOT_SATISFIABLE} when the
   *     range selects no byte of it
   */
  ArtifactContent open(String key, ByteRange range);

  /** Deletes the object under {@code key}; a missing key is fine. */
  void delete(String key);

  /**
   * Deletes every object below {@code prefix} (and, in a directory, the folders left empty).
   *
   * @return how many objects were deleted
   */
  int deletePrefix(String prefix);

  /**
   * Checks that the store can be reached and written now, by writing and deleting a small object in
   * the store's own hidden area: a worker calls this at start so that a bad URI, missing bucket,
   * wrong credentials or unwritable directory are reported before any training.
   *
   * @throws ArtifactStoreException naming the cause
   */
  void check();

  /** Releases the store's connections; the store cannot be used afterwards. */
  @Override
  void close();
}
