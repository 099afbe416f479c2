package org.gistsweep.worker.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An attempt's scratch folder (its weights before they are stored), holding a lock file locked for
 * as long as the attempt uses it. The lock dies with the process, so a worker starting on the same
 * cache can tell the folders a killed worker left behind ({@link #deleteAbandoned}) from those of
 * workers still running, in this JVM or another.
 */
final class ScratchFolder implements AutoCloseable {
  static final String LOCK = ".lock";

  /**
   * A lock file (or a folder without one) younger than this may be one another worker is just
   * making.
   */
  private static final Duration YOUNG = Duration.ofSeconds(5);

  private final Path dir;
  private final FileChannel channel;

  private ScratchFolder(Path dir, FileChannel channel) {
    this.dir = dir;
    this.channel = channel;
  }

  /** Makes and locks a new folder below {@code root}, named {@code prefix} and a random suffix. */
  static ScratchFolder create(Path root, String prefix) throws IOException {
    Files.createDirectories(root);
    Path dir = Files.createTempDirectory(root, prefix);
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock();
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    return new ScratchFolder(dir, channel);
  }

  /** The folder. */
  Path dir() {
    return dir;
  }

  /** Unlocks and deletes the folder with what is in it. */
  @Override
  public void close() throws IOException {
    channel.close(); // releases the lock
    deleteTree(dir);
  }

  /**
   * Deletes the folders below {@code root} whose lock no process holds (left by a killed worker).
   *
   * @return how many were deleted
   */
  static int deleteAbandoned(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory)) {
      for (Path folder : folders) {
        if (abandoned(folder)) {
          deleteTree(folder);
          deleted++;
        }
      }
    }
    return deleted;
  }

  private static boolean abandoned(Path folder) throws IOException {
    Path lockFile = folder.resolve(LOCK);
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return false; // another process holds it
      }
      lock.release();
      return !young(lockFile); // made just now and not locked yet by its maker: leave it
    } catch (OverlappingFileLockException e) {
      return false; // this JVM holds it
    } catch (NoSuchFileException e) {
      return !young(folder); // no lock file: being made now, or left half made long ago
    }
  }

  private static boolean young(Path p) throws IOException {
    try {
      return Files.getLastModifiedTime(p).toInstant().isAfter(Instant.now().minus(YOUNG));
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
