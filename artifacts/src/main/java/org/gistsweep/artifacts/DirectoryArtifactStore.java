package org.gistsweep.artifacts;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store in a directory (a local disk or an NFS mount). An object is a file at its key's path with
 * a sidecar {@code <name>.sha256} beside it in {@code sha256sum} format, so {@code sha256sum -c}
 * checks it by hand. A put writes both to temporary files in the hidden {@code .partial/} folder of
 * the root (the same file system), fsyncs them, removes any older object of the key, then moves the
 * sidecar and last the data file into place with ATOMIC_MOVE: an object is listed only once its
 * data file and sidecar are both there.
 */
final class DirectoryArtifactStore extends AbstractArtifactStore {
  static final String PARTIAL = ".partial";
  private static final Duration STALE_PARTIAL = Duration.ofHours(24);
  private static final int BUFFER = 1 << 20;

  private final Path root;
  private final Path partial;

  private DirectoryArtifactStore(URI uri, Path root) {
    super(uri);
    this.root = root;
    this.partial = root.resolve(PARTIAL);
  }

  /** Opens (and creates if needed) the store rooted at the absolute directory {@code root}. */
  static DirectoryArtifactStore open(URI uri, Path root) {
    var store = new DirectoryArtifactStore(uri, root);
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw FileErrors.map(e, uri.toString(), "creating the store directory " + root);
    }
    store.removeStalePartials();
    return store;
  }

  @Override
  ArtifactInfo doPut(String key, Upload upload) {
    Path target = path(key);
    Path data = null;
    Path sidecar = null;
    try {
      Files.createDirectories(partial);
      data = Files.createTempFile(partial, "put-", ".tmp");
      String sha256 = copy(upload, data, key);
      sidecar = Files.createTempFile(partial, "put-", ".sha256.tmp");
      writeSynced(sidecar, (sha256 + "  " + target.getFileName() + "\n").getBytes(US_ASCII));
      place(target, data, sidecar);
      return new ArtifactInfo(key, upload.size(), sha256);
    } catch (SourceStream.ReadException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key) + ": put failed: " + e.getMessage() + "; nothing was stored",
          e);
    } catch (FileAlreadyExistsException | NotDirectoryException | DirectoryNotEmptyException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.INVALID_KEY,
          where(key)
              + ": put failed: in a directory store a key cannot also be a folder of other keys,"
              + " nor lie below another key ("
              + e
              + ")",
          e);
    } catch (IOException e) {
      throw FileErrors.map(e, where(key), "put");
    } finally {
      deleteQuietly(data);
      deleteQuietly(sidecar);
    }
  }

  /** Copies the upload's bytes into {@code file}, fsyncs it, and returns their sha256. */
  private String copy(Upload upload, Path file, String key) throws IOException {
    var digest = Sha256.digest();
    long copied = 0;
    InputStream in;
    try {
      in = upload.bytes().open();
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key) + ": put failed: " + upload.source() + " cannot be read: " + e,
          e);
    }
    try (InputStream source = new SourceStream(in, upload.source());
        FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = source.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        copied += n;
      }
      out.force(true);
    }
    String sha256 = Sha256.hex(digest);
    if (copied != upload.size()
        || upload.sha256().filter(expected -> !expected.equals(sha256)).isPresent()) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.INTEGRITY,
          where(key)
              + ": put failed: "
              + upload.source()
              + " changed while it was stored ("
              + copied
              + " bytes read, "
              + upload.size()
              + " expected); nothing was stored",
          null);
    }
    return sha256;
  }

  /** Moves a complete object into place: the old one out, the sidecar in, the data file last. */
  private void place(Path target, Path data, Path sidecar) throws IOException {
    Path parent = target.getParent();
    for (int attempt = 1; ; attempt++) {
      try {
        Files.createDirectories(parent);
        Files.deleteIfExists(target);
        Files.move(sidecar, sidecarOf(target), ATOMIC_MOVE, REPLACE_EXISTING);
        Files.move(data, target, ATOMIC_MOVE, REPLACE_EXISTING);
        break;
      } catch (NoSuchFileException e) {
        if (attempt == 3 || !Files.exists(data)) {
          throw e; // a concurrent delete of the parent folder, three times running
        }
      }
    }
    syncDirectory(parent);
  }

  @Override
  Optional<ArtifactInfo> doHead(String key) {
    Path file = path(key);
    try {
      Optional<String> sha256 = readSidecar(file);
      if (sha256.isEmpty() || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      return Optional.of(new ArtifactInfo(key, Files.size(file), sha256.get()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw FileErrors.map(e, where(key), "head");
    }
  }

  @Override
  List<ArtifactInfo> doList(String prefix) {
    Path base = prefix.isEmpty() ? root : path(prefix);
    List<ArtifactInfo> infos = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return infos;
    }
    try {
      Files.walkFileTree(
          base,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return dir.equals(base) || !dir.getFileName().toString().startsWith(".")
                  ? FileVisitResult.CONTINUE
                  : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = file.getFileName().toString();
              if (attrs.isRegularFile()
                  && !name.startsWith(".")
                  && !ArtifactKeys.isSidecarName(name)) {
                doHead(key(file)).ifPresent(infos::add);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // deleted while we walked
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw FileErrors.map(e, describe() + ": prefix '" + prefix + "'", "list");
    }
    infos.sort(Comparator.comparing(ArtifactInfo::key));
    return infos;
  }

  @Override
  ArtifactContent doOpen(String key, ByteRange range) {
    Path file = path(key);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      Optional<String> sha256 = readSidecar(file);
      if (sha256.isEmpty()) {
        throw new NoSuchFileException(file.toString());
      }
      var info = new ArtifactInfo(key, channel.size(), sha256.get());
      ByteRange.Resolved resolved = range.resolve(info.size(), where(key));
      channel.position(resolved.first());
      InputStream stream =
          new LimitedInputStream(Channels.newInputStream(channel), resolved.length());
      return new ArtifactContent(info, resolved, stream, where(key));
    } catch (NoSuchFileException e) {
      closeQuietly(channel);
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.NOT_FOUND, where(key) + ": no such artifact", e);
    } catch (IOException e) {
      closeQuietly(channel);
      throw FileErrors.map(e, where(key), "open");
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  void doDelete(String key) {
    Path file = path(key);
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(sidecarOf(file));
      removeEmptyFolders(file.getParent());
    } catch (IOException e) {
      throw FileErrors.map(e, where(key), "delete");
    }
  }

  @Override
  int doDeletePrefix(String prefix) {
    Path base = prefix.isEmpty() ? root : path(prefix);
    if (!Files.isDirectory(base)) {
      return 0;
    }
    int deleted = 0;
    try (Stream<Path> walk = Files.walk(base)) {
      List<Path> paths =
          walk.filter(p -> !p.startsWith(partial)).sorted(Comparator.reverseOrder()).toList();
      for (Path p : paths) {
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) {
          if (!p.equals(root)) {
            deleteEmptyFolder(p);
          }
        } else if (Files.deleteIfExists(p) && !ArtifactKeys.isSidecarName(name)) {
          deleted++;
        }
      }
      if (!base.equals(root)) {
        removeEmptyFolders(base.getParent());
      }
    } catch (IOException | UncheckedIOException e) {
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw FileErrors.map(cause, describe() + ": prefix '" + prefix + "'", "delete");
    }
    return deleted;
  }

  @Override
  public void check() {
    Path probe = null;
    try {
      Files.createDirectories(partial);
      probe = Files.createTempFile(partial, "check-", ".tmp");
      writeSynced(probe, "gist-sweep store check\n".getBytes(US_ASCII));
    } catch (IOException e) {
      throw FileErrors.map(e, describe(), "writing a check file in " + partial);
    } finally {
      deleteQuietly(probe);
    }
  }

  @Override
  public void close() {
    // nothing held open
  }

  private Path path(String key) {
    return root.resolve(key.replace('/', root.getFileSystem().getSeparator().charAt(0)));
  }

  private String key(Path file) {
    StringBuilder key = new StringBuilder();
    for (Path segment : root.relativize(file)) {
      key.append(key.length() == 0 ? "" : "/").append(segment);
    }
    return key.toString();
  }

  private static Path sidecarOf(Path file) {
    return file.resolveSibling(ArtifactKeys.sidecarName(file.getFileName().toString()));
  }

  /** The sha256 recorded beside {@code file}, or empty when the sidecar is missing or malformed. */
  private static Optional<String> readSidecar(Path file) throws IOException {
    try {
      byte[] head = new byte[64];
      try (InputStream in = Files.newInputStream(sidecarOf(file))) {
        if (in.readNBytes(head, 0, 64) < 64) {
          return Optional.empty();
        }
      }
      String sha256 = new String(head, US_ASCII);
      return Sha256.isHex(sha256) ? Optional.of(sha256) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void writeSynced(Path file, byte[] bytes) throws IOException {
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(ByteBuffer.wrap(bytes));
      out.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the rename is still atomic there
    }
  }

  private void removeEmptyFolders(Path dir) throws IOException {
    for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      if (!deleteEmptyFolder(d)) {
        return;
      }
    }
  }

  private static boolean deleteEmptyFolder(Path dir) throws IOException {
    try {
      return Files.deleteIfExists(dir);
    } catch (DirectoryNotEmptyException e) {
      return false;
    }
  }

  /** Temporary files of puts that died (killed workers) more than a day ago. */
  private void removeStalePartials() {
    Instant before = Instant.now().minus(STALE_PARTIAL);
    try (Stream<Path> files = Files.list(partial)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
          deleteQuietly(file);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      // no .partial folder yet, or it cannot be read: the next put reports the real problem
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a temporary file left behind is removed by a later open once it is a day old
      }
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // already failing
      }
    }
  }
}
