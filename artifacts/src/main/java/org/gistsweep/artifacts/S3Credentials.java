package org.gistsweep.artifacts;

import java.util.Objects;

/**
 * An access key given in code (tests, an embedded S3 server) instead of the AWS default chain. Its
 * {@link #toString()} never shows the secret.
 */
public record S3Credentials(String accessKeyId, String secretAccessKey) {
  public S3Credentials {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(secretAccessKey, "secretAccessKey");
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
  }
}
