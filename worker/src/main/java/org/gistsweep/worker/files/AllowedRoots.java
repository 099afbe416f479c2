package org.gistsweep.worker.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Folders a worker may read (or write) files under, canonicalised when made: symlinks resolved, and
 * a folder that does not exist yet taken at the real path of its deepest existing ancestor. Every
 * path checked is canonicalised the same way before it is compared, so a symlink inside a root that
 * points out of it is refused; a file that exists must be a regular file, checked from its
 * attributes before anything opens it (opening a FIFO would block).
 *
 * <p>A refusal never says whether a path outside the roots exists, and never quotes a file. (Roots
 * are read-only: a worker writes only to its artifact store, and caches.)
 */
public final class AllowedRoots {
  private static final String REGULAR = "a regular file";
  private static final String DIRECTORY = "a directory";

  private final String kind;
  private final String fix;
  private final List<Path> roots;

  private AllowedRoots(String kind, String fix, List<Path> roots) {
    this.kind = kind;
    this.fix = fix;
    this.roots = roots;
  }

  /**
   * Canonicalises {@code folders} (relative ones against the working directory).
   *
   * @param kind what the roots hold, for messages: {@code data}, {@code weights}
   * @param fix how to allow another folder, for messages, e.g. {@code add one with --data-root DIR}
   */
  public static AllowedRoots of(String kind, String fix, Collection<Path> folders) {
    LinkedHashSet<Path> canonical = new LinkedHashSet<>();
    folders.forEach(f -> canonical.add(locate(f).path()));
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException("at least one " + kind + " root is needed");
    }
    return new AllowedRoots(kind, fix, List.copyOf(canonical));
  }

  /** The canonical roots, in the order given. */
  public List<Path> paths() {
    return roots;
  }

  /** The roots for a message, e.g. {@code data roots: /data, /home/me/data}. */
  public String describe() {
    return kind
        + " root"
        + (roots.size() == 1 ? "" : "s")
        + ": "
        + roots.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  /**
   * The real path of the regular file {@code path}, or empty when nothing is there (the place lies
   * under a root).
   *
   * @param what the file for messages, e.g. {@code training.backbone '/w/x.safetensors'}
   * @throws PathRefusedException when it lies outside every root or is not a regular file
   */
  public Optional<Path> regularFile(Path path, String what) {
    Located at = inside(path, what);
    if (!at.exists()) {
      return Optional.empty();
    }
    String type = typeOf(at.path());
    if (!type.equals(REGULAR)) {
      throw refused(what + " is " + type + ", not a regular file");
    }
    return Optional.of(at.path());
  }

  /**
   * The real path of the folder {@code path}, which may not exist yet (then its would-be real
   * path).
   *
   * @throws PathRefusedException when it lies outside every root or is not a folder
   */
  public Path directory(Path path, String what) {
    Located at = inside(path, what);
    if (at.exists()) {
      String type = typeOf(at.path());
      if (!type.equals(DIRECTORY)) {
        throw refused(what + " is " + type + ", not a directory");
      }
    }
    return at.path();
  }

  private Located inside(Path path, String what) {
    Located at = locate(path);
    if (roots.stream().noneMatch(at.path()::startsWith)) {
      throw refused(what + " is outside the allowed " + kind + " roots");
    }
    return at;
  }

  private PathRefusedException refused(String problem) {
    return new PathRefusedException(problem + " (" + describe() + "; " + fix + ")");
  }

  /** A path canonicalised as far as it exists, and whether all of it exists. */
  private record Located(Path path, boolean exists) {}

  /**
   * The real path of {@code path}; when a part is missing (or cannot be resolved), the real path of
   * the deepest ancestor that can, with the rest appended and normalised.
   */
  private static Located locate(Path path) {
    Path absolute = path.toAbsolutePath();
    Deque<Path> rest = new ArrayDeque<>();
    Path existing = absolute;
    while (existing != null) {
      try {
        Path real = existing.toRealPath();
        for (Path name : rest) {
          real = real.resolve(name);
        }
        return new Located(real.normalize(), rest.isEmpty());
      } catch (IOException e) {
        rest.addFirst(existing.getFileName());
        existing = existing.getParent();
      }
    }
    return new Located(absolute.normalize(), false);
  }

  /**
   * "a regular file", "a directory", "a named pipe (FIFO)", "a device", "a socket"; never opens it.
   */
  private static String typeOf(Path real) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return "unreadable";
    }
    if (a.isRegularFile()) {
      return REGULAR;
    }
    if (a.isDirectory()) {
      return DIRECTORY;
    }
    try {
      int format =
          ((Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      return switch (format) {
        case 0010000 -> "a named pipe (FIFO)";
        case 0020000, 0060000 -> "a device";
        case 0140000 -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file";
    }
  }
}
