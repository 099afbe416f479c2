package org.gistsweep.artifacts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach the S3 service of an {@code s3://bucket/prefix} store; unused by directory stores.
 *
 * <p>The command line fills it with {@link #resolve} from {@code --s3-endpoint}, {@code
 * --s3-region} and {@code --s3-path-style}, each falling back to the AWS standard environment: the
 * endpoint to {@code AWS_ENDPOINT_URL_S3}, then {@code AWS_ENDPOINT_URL} (unless {@code
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}); the region, when not given, to the SDK's chain
 * without the EC2 metadata lookup ({@code AWS_REGION}, {@code aws.region}, {@code AWS_PROFILE}'s
 * region in {@code ~/.aws/config}), then {@code us-east-1}; path-style addressing to on exactly
 * when an endpoint is set (MinIO, Ceph, s3proxy, most S3-compatible services on one host name need
 * it). Credentials come from the AWS default chain ({@code AWS_ACCESS_KEY_ID}/{@code
 * AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, {@code AWS_PROFILE} and {@code
 * ~/.aws/credentials}, web identity, container and instance roles) unless {@code credentials} holds
 * a key given in code.
 *
 * @param endpoint the service's base URL ({@code http://127.0.0.1:9000}); empty for AWS itself
 * @param region the signing region; empty for the chain above
 * @param pathStyle whether to address {@code endpoint/bucket/key} rather than {@code
 *     bucket.endpoint/key}
 * @param credentials an access key given in code; empty for the AWS default chain
 */
public record S3Settings(
    Optional<URI> endpoint,
    Optional<String> region,
    boolean pathStyle,
    Optional<S3Credentials> credentials) {
  /** AWS itself: region, credentials and endpoint from the AWS default chains. */
  public static final S3Settings DEFAULT =
      new S3Settings(Optional.empty(), Optional.empty(), false, Optional.empty());

  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(credentials, "credentials");
    endpoint.ifPresent(S3Settings::checkEndpoint);
    region.ifPresent(S3Settings::checkRegion);
  }

  /**
   * Settings from the command line's options (each empty when not given) and the environment (see
   * the class comment).
   *
   * @throws ArtifactStoreException ({@link ArtifactStoreException.Reason#INVALID_URI}) for an
   *     endpoint that is not an http(s) URL or a malformed region
   */
  public static S3Settings resolve(
      Optional<String> endpoint,
      Optional<String> region,
      Optional<Boolean> pathStyle,
      Map<String, String> env) {
    Optional<String> fromEnv =
        Boolean.parseBoolean(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
            ? Optional.empty()
            : Optional.ofNullable(env.get("AWS_ENDPOINT_URL_S3"))
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")))
                .filter(s -> !s.isBlank());
    String source =
        endpoint.isPresent()
            ? "--s3-endpoint"
            : env.containsKey("AWS_ENDPOINT_URL_S3") ? "AWS_ENDPOINT_URL_S3" : "AWS_ENDPOINT_URL";
    Optional<URI> url = endpoint.or(() -> fromEnv).map(s -> parseEndpoint(s.strip(), source));
    return new S3Settings(
        url,
        region.map(String::strip).filter(s -> !s.isEmpty()),
        pathStyle.orElse(url.isPresent()),
        Optional.empty());
  }

  /**
   * These settings for a service at {@code endpoint} with path-style addressing and a fixed key
   * (tests).
   */
  public static S3Settings forEndpoint(URI endpoint, String region, S3Credentials credentials) {
    return new S3Settings(
        Optional.of(endpoint), Optional.of(region), true, Optional.of(credentials));
  }

  private static URI parseEndpoint(String text, String source) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw invalid(
          source
              + " is not a URL: "
              + e.getReason()
              + " at character "
              + e.getIndex()
              + " (give the service's base URL, e.g. http://127.0.0.1:9000 or"
              + " https://s3.example.org)");
    }
  }

  private static void checkEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpoint.getHost() == null
        || endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || endpoint.getRawUserInfo() != null) {
      String shown =
          endpoint.getRawUserInfo() == null
              ? endpoint.toString()
              : endpoint.getScheme()
                  + "://***@"
                  + endpoint.getHost()
                  + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
      throw invalid(
          "S3 endpoint '"
              + shown
              + "' must be an http or https URL with a host and no user, query or"
              + " fragment, e.g. http://127.0.0.1:9000 or https://s3.example.org");
    }
  }

  private static void checkRegion(String region) {
    if (!REGION.matcher(region).matches()) {
      throw invalid(
          "S3 region '"
              + region
              + "' is not a region name: use lowercase letters, digits and '-',"
              + " e.g. us-east-1 (S3-compatible services usually accept us-east-1)");
    }
  }

  private static ArtifactStoreException invalid(String message) {
    return new ArtifactStoreException(ArtifactStoreException.Reason.INVALID_URI, message, null);
  }
}
