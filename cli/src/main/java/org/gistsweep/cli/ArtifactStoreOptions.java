package org.gistsweep.cli;

import java.util.Map;
import java.util.Optional;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import picocli.CommandLine.Option;

/**
 * Where trial artifacts (weights, their sidecars, attempt logs) are stored: {@code --artifacts URI}
 * and the S3 settings, on {@code worker}, {@code orchestrator}, {@code serve}, {@code run} and
 * {@code quickstart}. A directory ({@code file:///DIR} or {@code /DIR}: a local disk or an NFS
 * mount the orchestrator and the workers share) or an S3 bucket prefix ({@code s3://BUCKET/PREFIX},
 * with credentials from the AWS default chain).
 */
final class ArtifactStoreOptions {
  @Option(
      names = "--artifacts",
      paramLabel = "URI",
      description =
          "Artifact store for trial weights and attempt logs: file:///DIR (or /DIR) or"
              + " s3://BUCKET/PREFIX (default: file://$GIST_SWEEP_HOME/artifacts).")
  String artifacts;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description =
          "S3 service of an s3:// store, e.g. http://127.0.0.1:9000 (default: AWS_ENDPOINT_URL_S3,"
              + " AWS_ENDPOINT_URL, else AWS).")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      paramLabel = "REGION",
      description = "S3 signing region (default: AWS_REGION or the AWS profile's, else us-east-1).")
  String s3Region;

  @Option(
      names = "--s3-path-style",
      paramLabel = "true|false",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Address ENDPOINT/BUCKET/KEY instead of BUCKET.ENDPOINT/KEY (default: on exactly when an"
              + " endpoint is set).")
  Boolean s3PathStyle;

  /** Where the S3 settings' environment variables come from; tests replace it. */
  Map<String, String> env = System.getenv();

  /**
   * The store's URI (or absolute path) as given, else {@code file://$GIST_SWEEP_HOME/artifacts}.
   */
  String uri(GistHome home) {
    return artifacts != null && !artifacts.isBlank()
        ? artifacts.strip()
        : home.artifacts().toUri().toString();
  }

  /**
   * The S3 settings from the options and the environment.
   *
   * @throws ArtifactStoreException for a malformed endpoint or region
   */
  S3Settings s3() {
    return S3Settings.resolve(
        Optional.ofNullable(s3Endpoint),
        Optional.ofNullable(s3Region),
        Optional.ofNullable(s3PathStyle),
        env);
  }

  /**
   * Opens the store and checks that it can be written now ({@link ArtifactStore#check()}), so that
   * a bad URI, a missing bucket, refused credentials or an unwritable directory stop the command
   * before anything runs; the caller closes it.
   *
   * @throws ArtifactStoreException naming the store and the cause ({@link #exitCode} maps it)
   */
  ArtifactStore openChecked(GistHome home) {
    ArtifactStore store = ArtifactStores.open(uri(home), s3());
    try {
      store.check();
      return store;
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * The exit status of a command the store stopped: {@link ExitCodes#INVALID_INPUT} for what the
   * options or credentials got wrong (a bad URI, no such bucket, access denied, no credentials),
   * {@link ExitCodes#UNREACHABLE} for an endpoint that cannot be reached, else {@link
   * ExitCodes#FAILED}.
   */
  static int exitCode(ArtifactStoreException e) {
    return switch (e.reason()) {
      case INVALID_URI, INVALID_KEY, ACCESS_DENIED, NO_SUCH_BUCKET, NO_CREDENTIALS ->
          ExitCodes.INVALID_INPUT;
      case UNREACHABLE -> ExitCodes.UNREACHABLE;
      default -> ExitCodes.FAILED;
    };
  }
}
