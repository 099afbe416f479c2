package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void optionsWinOverTheEnvironment() {
    S3Settings settings =
        S3Settings.resolve(
            Optional.of("http://127.0.0.1:9000"),
            Optional.of("eu-west-1"),
            Optional.empty(),
            Map.of("AWS_ENDPOINT_URL_S3", "http://elsewhere:1"));

    assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(settings.region()).contains("eu-west-1");
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.credentials()).isEmpty();
  }

  @Test
  void theEndpointFallsBackToTheAwsStandardVariables() {
    assertThat(
            S3Settings.resolve(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("AWS_ENDPOINT_URL", "http://minio:9000"))
                .endpoint())
        .contains(URI.create("http://minio:9000"));
    assertThat(
            S3Settings.resolve(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("AWS_ENDPOINT_URL", "http://a:1", "AWS_ENDPOINT_URL_S3", "http://s3:2"))
                .endpoint())
        .contains(URI.create("http://s3:2"));
    assertThat(
            S3Settings.resolve(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of(
                        "AWS_ENDPOINT_URL",
                        "http://a:1",
                        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
                        "true"))
                .endpoint())
        .isEmpty();
  }

  @Test
  void pathStyleIsOnExactlyWhenAnEndpointIsSetUnlessSaidOtherwise() {
    assertThat(S3Settings.resolve(Optional.empty(), Optional.empty(), Optional.empty(), Map.of()))
        .isEqualTo(S3Settings.DEFAULT);
    assertThat(
            S3Settings.resolve(
                    Optional.of("https://s3.example.org"),
                    Optional.empty(),
                    Optional.of(false),
                    Map.of())
                .pathStyle())
        .isFalse();
    assertThat(
            S3Settings.resolve(Optional.empty(), Optional.empty(), Optional.of(true), Map.of())
                .pathStyle())
        .isTrue();
  }

  @Test
  void badEndpointsAndRegionsAreNamedWithoutSecrets() {
    assertThatThrownBy(
            () ->
                S3Settings.resolve(
                    Optional.of("ftp://host"), Optional.empty(), Optional.empty(), Map.of()))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ArtifactStoreException.Reason.INVALID_URI);
              assertThat(e.getMessage()).contains("ftp://host").contains("http or https");
            });
    assertThatThrownBy(
            () ->
                S3Settings.resolve(
                    Optional.of("http://key:s3cr3t@host:9000"),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()))
        .hasMessageNotContaining("s3cr3t")
        .hasMessageContaining("***@host:9000");
    assertThatThrownBy(
            () ->
                S3Settings.resolve(
                    Optional.of("http://ho st"), Optional.empty(), Optional.empty(), Map.of()))
        .hasMessageStartingWith("--s3-endpoint is not a URL");
    assertThatThrownBy(
            () ->
                S3Settings.resolve(
                    Optional.empty(), Optional.of("EU West"), Optional.empty(), Map.of()))
        .hasMessageContaining("'EU West'")
        .hasMessageContaining("us-east-1");
  }

  @Test
  void credentialsNeverShowTheSecret() {
    var credentials = new S3Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI");
    assertThat(credentials.toString()).contains("AKIDEXAMPLE").doesNotContain("wJalrXUtnFEMI");
    assertThat(
            S3Settings.forEndpoint(URI.create("http://127.0.0.1:1"), "us-east-1", credentials)
                .toString())
        .doesNotContain("wJalrXUtnFEMI");
  }
}
