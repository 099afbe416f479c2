package org.gistsweep.orchestrator.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.gistsweep.artifacts.ArtifactContent;
import org.gistsweep.artifacts.ArtifactDownloads;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.ByteRange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of an artifact download: conditional and ranged requests (ETag, If-None-Match,
 * Range, If-Range), the status and headers, and streaming the bytes from a store's stream to the
 * response on a worker thread, one chunk in flight at a time.
 */
final class ArtifactBytes {
  private static final Logger LOG = LoggerFactory.getLogger(ArtifactBytes.class);
  private static final int CHUNK = 256 * 1024;

  /** How long a client may leave one chunk unread before the download is given up. */
  private static final long WRITE_TIMEOUT_SECONDS = 120;

  private ArtifactBytes() {}

  /** What to read for a request: the whole object or one range of it. */
  record Request(ByteRange range) {}

  /**
   * Sets the ETag and answers 304 (If-None-Match names it) or 416 (the range selects no byte of
   * {@code size} bytes), returning {@code null}; else the range to read (If-Range naming another
   * tag asks for the whole object).
   */
  static Request request(RoutingContext ctx, String sha256, long size) {
    String etag = etag(sha256);
    ctx.response().putHeader("ETag", etag);
    if (RangeHeader.matches(ctx.request().getHeader("If-None-Match"), etag)) {
      ctx.response().setStatusCode(304).end();
      return null;
    }
    Optional<ByteRange> range = RangeHeader.parse(ctx.request().getHeader("Range"));
    String ifRange = ctx.request().getHeader("If-Range");
    if (ifRange != null && !ifRange.strip().equals(etag)) {
      range = Optional.empty();
    }
    if (range.isPresent()) {
      try {
        range.get().resolve(size, "artifact");
      } catch (ArtifactStoreException e) {
        ctx.response().putHeader("Content-Range", RangeHeader.unsatisfied(size));
        JsonReplies.error(
            ctx,
            416,
            "range " + range.get().header() + " selects no byte of a file of " + size + " bytes",
            null);
        return null;
      }
    }
    return new Request(range.orElse(ByteRange.all()));
  }

  /** Sends the status and headers for {@code content}; false when the client is gone. */
  static boolean start(RoutingContext ctx, ArtifactContent content, String type) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      return false;
    }
    long size = content.info().size();
    if (!content.isWhole()) {
      response
          .setStatusCode(206)
          .putHeader("Content-Range", RangeHeader.contentRange(content.range(), size));
    } else {
      response.setStatusCode(200);
    }
    response
        .putHeader("Content-Type", type)
        .putHeader("Content-Length", Long.toString(content.range().length()));
    return true;
  }

  /**
   * Streams {@code content} to the response (on a worker thread) and ends it. A whole object is
   * checked against its recorded sha256: its last chunk is held back until the check passes, and on
   * a mismatch the connection is reset, so the client sees a short, failed download. A read error
   * half way resets it too.
   */
  static void pump(HttpServerResponse response, ArtifactContent content) {
    try (content;
        InputStream in =
            content.isWhole() ? ArtifactDownloads.verifying(content) : content.stream()) {
      byte[] held = null;
      byte[] buffer = new byte[CHUNK];
      int n;
      while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
        if (held != null && !write(response, held)) {
          return;
        }
        held = Arrays.copyOf(buffer, n);
      }
      if (held != null && !write(response, held)) {
        return;
      }
      response.end();
    } catch (IOException | RuntimeException e) {
      LOG.warn("download of {} cut off: {}", content.info().key(), e.getMessage());
      response.reset();
    }
  }

  /**
   * Sends in-memory bytes (a log) with the ETag of their hash, honouring If-None-Match and Range.
   */
  static void sendBytes(RoutingContext ctx, byte[] bytes, String type) {
    Request request = request(ctx, sha256(bytes), bytes.length);
    if (request == null) {
      return;
    }
    HttpServerResponse response = ctx.response().putHeader("Content-Type", type);
    ByteRange.Resolved r = request.range().resolve(bytes.length, "log");
    if (!request.range().isAll()) {
      response
          .setStatusCode(206)
          .putHeader("Content-Range", RangeHeader.contentRange(r, bytes.length));
    }
    response.end(Buffer.buffer(Arrays.copyOfRange(bytes, (int) r.first(), (int) r.last() + 1)));
  }

  private static boolean write(HttpServerResponse response, byte[] chunk) throws IOException {
    if (response.closed()) {
      return false;
    }
    try {
      response
          .write(Buffer.buffer(chunk))
          .toCompletionStage()
          .toCompletableFuture()
          .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException e) {
      return false; // the client went away
    } catch (TimeoutException e) {
      throw new IOException("the client read nothing for " + WRITE_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  static String etag(String sha256) {
    return "\"" + sha256 + "\"";
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
