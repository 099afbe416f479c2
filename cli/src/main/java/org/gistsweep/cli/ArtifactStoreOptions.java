package org.gistsweep.cli;

import java.util.Map;
import java.util.Optional;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStoreException;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.S3Settings;
import picocli.CommandLine.Option;

/**
 * {@code --artifacts URI} and the S3 settings: where trial weights and attempt logs are stored. The
 * orchestrator and its workers must name the same store (a shared folder or one S3 bucket prefix).
 * Credentials come from the AWS default chain, never from an option.
 */
final class ArtifactStoreOptions {
  @Option(names = "--artifacts", paramLabel = "URI",
      description = "The trial artifact store: file:///dir (or /dir) for a local disk or NFS mount, or s3://bucket/prefix "
          + "(default: file://$GIST_SWEEP_HOME/artifacts).")
  String uri;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "With s3:// artifacts: the S3-compatible service, e.g. http://127.0.0.1:9000 (default: AWS_ENDPOINT_URL_S3, "
          + "AWS_ENDPOINT_URL, else AWS itself).")
  String endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "With s3:// artifacts: the signing region (default: AWS_REGION, the profile's, else us-east-1).")
  String region;

  @Option(names = "--s3-path-style", arity = "0..1", paramLabel = "true|false",
      description = "With s3:// artifacts: address bucket and key as endpoint/bucket/key (default: on exactly when an endpoint is set).")
  Boolean pathStyle;

  /** Reads environment variables; tests replace it. */
  Map<String, String> env = System.getenv();

  /** The store's URI as given, else {@code file://<home>/artifacts}. */
  String uri(GistHome home) {
    return uri != null && !uri.isBlank() ? uri.strip() : home.artifacts().toUri().toString();
  }

  /**
   * Opens the store (creating a directory store's folder) and checks that it can be written.
   *
   * @throws InvalidConfigException for a malformed URI or setting
   * @throws UserFacingException when the store cannot be reached or written (naming it and the cause)
   */
  ArtifactStore open(GistHome home) {
    ArtifactStore store;
    try {
      S3Settings s3 = S3Settings.resolve(Optional.ofNullable(endpoint), Optional.ofNullable(region), Optional.ofNullable(pathStyle), env);
      store = ArtifactStores.open(uri(home), s3);
    } catch (ArtifactStoreException e) {
      throw e.reason() == ArtifactStoreException.Reason.INVALID_URI ? new InvalidConfigException(e.getMessage(), e)
          : new UserFacingException("--artifacts " + uri(home) + ": " + e.getMessage(), e);
    }
    try {
      store.check();
    } catch (ArtifactStoreException e) {
      store.close();
      throw new UserFacingException(e.getMessage(), e);
    }
    return store;
  }
}
