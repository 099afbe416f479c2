package org.gistsweep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Downloads trial artifacts to {@code DIR/<study>/<trial>/<name>}. Each file is written to {@code
 * <name>.partial} and moved into place only after its sha256 matched: the recorded one for weights
 * and sidecars, the download's ETag for a log (which grows while its attempt runs). A {@code
 * .partial} file left by an interrupted pull is resumed with {@code Range} and {@code If-Range}
 * (the server sends the whole file again when it changed). A file already in place with the
 * recorded sha256 is not downloaded again. A mismatch deletes the file.
 */
final class ArtifactPull {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final OrchestratorClient client;
  private final Path out;
  private final PrintStream log;

  ArtifactPull(OrchestratorClient client, Path out, PrintStream log) {
    this.client = client;
    this.out = out;
    this.log = log;
  }

  /** What a pull did. */
  record Summary(int downloaded, int current, int skipped, long bytes, List<Path> corrupt) {
    String describe(Path dir) {
      return "Pulled "
          + downloaded
          + " file(s), "
          + bytes
          + " bytes, to "
          + dir
          + (current > 0 ? "; " + current + " already up to date" : "")
          + (skipped > 0 ? "; " + skipped + " deleted from the store (not pulled)" : "")
          + (corrupt.isEmpty() ? "" : "; " + corrupt.size() + " failed the sha256 check");
    }
  }

  Summary pull(String study, List<JsonNode> trials) {
    int downloaded = 0;
    int current = 0;
    int skipped = 0;
    long bytes = 0;
    List<Path> corrupt = new ArrayList<>();
    for (JsonNode t : trials) {
      int trial = t.path("trial").asInt();
      for (JsonNode a : t.path("artifacts")) {
        String name = a.path("name").asText();
        if (!NAME.matcher(name).matches()) {
          throw new UserFacingException(
              "the orchestrator named an artifact '"
                  + name
                  + "', which is not a file name this command writes");
        }
        if (a.path("deleted").asBoolean()) {
          skipped++;
          continue;
        }
        Path target = out.resolve(study).resolve(Integer.toString(trial)).resolve(name);
        String expected = a.path("sha256").isTextual() ? a.path("sha256").asText() : null;
        if (isCurrent(target, expected)) {
          current++;
          log.println("trial " + trial + ": " + name + " up to date");
          continue;
        }
        long got =
            fetch(a.path("url").asText(), target, expected, a.path("kind").asText().equals("log"));
        if (got < 0) {
          corrupt.add(target);
          log.println("trial " + trial + ": " + name + " FAILED the sha256 check; deleted");
        } else {
          downloaded++;
          bytes += got;
          log.println(
              "trial " + trial + ": " + name + " " + got + " bytes, sha256 ok -> " + target);
        }
      }
    }
    return new Summary(downloaded, current, skipped, bytes, corrupt);
  }

  /**
   * Downloads one file; returns its size, or -1 when its sha256 did not match (then nothing is left
   * of it). {@code expected} is null for a log: its ETag is the hash to match.
   */
  private long fetch(String url, Path target, String expected, boolean isLog) {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    try {
      Files.createDirectories(target.getParent());
    } catch (IOException e) {
      throw new UserFacingException(
          "cannot create " + target.getParent() + ": " + e.getMessage(), e);
    }
    String etag = "";
    for (int attempt = 1; ; attempt++) {
      long have = !isLog && Files.isRegularFile(partial) ? size(partial) : 0;
      Map<String, String> headers =
          have > 0
              ? Map.of("Range", "bytes=" + have + "-", "If-Range", "\"" + expected + "\"")
              : Map.of();
      HttpResponse<InputStream> response = client.download(url, headers);
      etag = response.headers().firstValue("ETag").orElse("").replace("\"", "");
      try {
        copy(response, partial, response.statusCode() == 206);
        break;
      } catch (BrokenDownload e) {
        if (attempt == 2) {
          throw new UserFacingException(
              "the download of "
                  + url
                  + " broke off twice ("
                  + e.getMessage()
                  + "); the orchestrator cuts a download whose bytes do not match their recorded"
                  + " sha256, so the store's copy may be damaged; pull again to resume"
                  + (Files.exists(partial) ? " from " + partial : ""),
              e);
        }
        log.println(
            target.getFileName() + ": the download broke off (" + e.getMessage() + "); resuming");
      }
    }
    try {
      String want = expected != null ? expected : etag;
      if (!want.equals(sha256(partial))) {
        Files.deleteIfExists(partial);
        Files.deleteIfExists(target);
        return -1;
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Files.size(target);
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the body to {@code partial} (appending for a 206); a failed read is a {@link
   * BrokenDownload}.
   */
  private static void copy(HttpResponse<InputStream> response, Path partial, boolean append)
      throws BrokenDownload {
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = response.body();
        OutputStream file = open(partial, append)) {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw new BrokenDownload(e);
        }
        if (n < 0) {
          return;
        }
        try {
          file.write(buffer, 0, n);
        } catch (IOException e) {
          throw new UserFacingException("cannot write " + partial + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UserFacingException("cannot write " + partial + ": " + e.getMessage(), e);
    }
  }

  private static OutputStream open(Path partial, boolean append) throws IOException {
    return Files.newOutputStream(
        partial,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The server's bytes stopped before their end (a reset connection, a cut download). */
  private static final class BrokenDownload extends Exception {
    private static final long serialVersionUID = 1L;

    BrokenDownload(IOException cause) {
      super(String.valueOf(cause.getMessage()), cause);
    }
  }

  private static boolean isCurrent(Path target, String expected) {
    try {
      return expected != null && Files.isRegularFile(target) && expected.equals(sha256(target));
    } catch (IOException e) {
      return false; // unreadable: download it again
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
