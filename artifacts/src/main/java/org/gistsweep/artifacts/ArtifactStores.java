package org.gistsweep.artifacts;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Opens an {@link ArtifactStore} from the one URI the command line's {@code --artifacts} takes. */
public final class ArtifactStores {
  /** S3's bucket naming rules (3-63 characters, lowercase letters, digits, '.', '-'). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final String FORMS =
      "use file:///absolute/dir, /absolute/dir or s3://bucket/prefix";

  private ArtifactStores() {}

  /**
   * Opens the store {@code uri} names.
   *
   * <ul>
   *   <li>{@code file:///abs/dir} or a plain absolute path {@code /abs/dir}: a {@link
   *       DirectoryArtifactStore} rooted there (created if missing);
   *   <li>{@code s3://bucket} or {@code s3://bucket/prefix}: an S3 store reached with {@code s3};
   *       the client is built here but nothing is sent until the first operation (call {@link
   *       ArtifactStore#check()} to fail fast).
   * </ul>
   *
   * @throws ArtifactStoreException ({@link ArtifactStoreException.Reason#INVALID_URI}) for any
   *     other form, a relative path, a bad bucket name or prefix; a directory that cannot be
   *     created fails with the file system's reason
   */
  public static ArtifactStore open(URI uri, S3Settings s3) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return directory(uri, uri.getPath());
    }
    switch (scheme) {
      case "file" -> {
        if (uri.getRawAuthority() != null && !uri.getRawAuthority().equals("localhost")) {
          throw invalid(
              uri, "a file URI names a local directory, not host '" + uri.getRawAuthority() + "'");
        }
        return directory(uri, uri.getPath());
      }
      case "s3" -> {
        return s3(uri, s3, MultipartPlan.DEFAULT);
      }
      default -> throw invalid(uri, "unsupported scheme '" + scheme + "'");
    }
  }

  /**
   * {@link #open(URI, S3Settings)} of a command-line string, which may also be a plain absolute
   * path.
   */
  public static ArtifactStore open(String uriOrPath, S3Settings s3) {
    if (uriOrPath.startsWith("/")) {
      return open(Path.of(uriOrPath).toUri(), s3);
    }
    try {
      return open(URI.create(uriOrPath), s3);
    } catch (IllegalArgumentException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.INVALID_URI,
          "--artifacts is not a URI (" + e.getMessage() + "): " + FORMS,
          e);
    }
  }

  static S3ArtifactStore s3(URI uri, S3Settings s3, MultipartPlan plan) {
    String bucket = uri.getHost() != null ? uri.getHost() : uri.getRawAuthority();
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalid(
          uri,
          "the bucket name must be 3-63 lowercase letters, digits, '.' or '-', as S3 requires");
    }
    if (uri.getRawUserInfo() != null
        || uri.getPort() != -1
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw invalid(
          uri,
          "an s3 URI is s3://bucket/prefix: give the endpoint with --s3-endpoint and credentials in"
              + " the environment, not in the URI");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String prefix;
    try {
      prefix = ArtifactKeys.checkPrefix(path.startsWith("/") ? path.substring(1) : path);
    } catch (ArtifactStoreException e) {
      throw invalid(uri, "the prefix after the bucket breaks the key rules: " + e.getMessage());
    }
    return S3ArtifactStore.open(
        URI.create("s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)),
        bucket,
        prefix,
        s3,
        plan);
  }

  private static ArtifactStore directory(URI uri, String path) {
    if (path == null || !path.startsWith("/")) {
      throw invalid(uri, "a directory store needs an absolute path");
    }
    Path root;
    try {
      root = Path.of(path).normalize();
    } catch (InvalidPathException e) {
      throw invalid(uri, "not a path: " + e.getReason());
    }
    String text =
        root.toUri().toString(); // file:///abs/dir, without the '/' that toUri() adds for a folder
    URI normal =
        URI.create(
            text.endsWith("/") && text.length() > "file:///".length()
                ? text.substring(0, text.length() - 1)
                : text);
    return DirectoryArtifactStore.open(normal, root);
  }

  private static ArtifactStoreException invalid(URI uri, String why) {
    String shown =
        uri.getRawUserInfo() == null
            ? uri.toString()
            : uri.getScheme() + "://***@" + uri.getHost() + "/...";
    return new ArtifactStoreException(
        ArtifactStoreException.Reason.INVALID_URI,
        "artifact store '" + shown + "': " + why + " (" + FORMS + ")",
        null);
  }
}
