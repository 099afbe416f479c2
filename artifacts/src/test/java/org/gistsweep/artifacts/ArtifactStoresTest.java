package org.gistsweep.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactStoresTest {
  @TempDir Path temp;

  @Test
  void aFileUriOrAnAbsolutePathOpensADirectoryStore() {
    Path dir = temp.resolve("a/b");
    try (ArtifactStore byUri = ArtifactStores.open(dir.toUri(), S3Settings.DEFAULT);
        ArtifactStore byPath = ArtifactStores.open(dir.toString(), S3Settings.DEFAULT);
        ArtifactStore byText = ArtifactStores.open("file://" + dir + "/", S3Settings.DEFAULT)) {
      assertThat(byUri).isInstanceOf(DirectoryArtifactStore.class);
      assertThat(byUri.uri()).isEqualTo(URI.create("file://" + dir));
      assertThat(byPath.uri()).isEqualTo(byUri.uri());
      assertThat(byText.uri()).isEqualTo(byUri.uri());
    }
    assertThat(dir).isDirectory();
  }

  @Test
  void anS3UriOpensAnS3StoreWithoutAnyRequest() {
    var settings =
        S3Settings.forEndpoint(
            URI.create("http://127.0.0.1:1"), "us-east-1", new S3Credentials("a", "b"));
    try (ArtifactStore bucket = ArtifactStores.open(URI.create("s3://my-bucket"), settings);
        ArtifactStore prefixed = ArtifactStores.open("s3://my.bucket-2/sweeps/vit/", settings)) {
      assertThat(bucket).isInstanceOf(S3ArtifactStore.class);
      assertThat(bucket.uri()).isEqualTo(URI.create("s3://my-bucket"));
      assertThat(prefixed.uri()).isEqualTo(URI.create("s3://my.bucket-2/sweeps/vit"));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "relative/dir",
        "http://host/x",
        "file://otherhost/x",
        "s3://Upper/x",
        "s3://ab/x",
        "s3://bucket_x/y",
        "s3://bucket/a/../b",
        "s3://key:secret@bucket/x",
        "s3://bucket:9000/x",
        "s3://bucket/x?y=1"
      })
  void otherFormsAreRefusedNamingTheAcceptedOnes(String uri) {
    assertThatThrownBy(() -> ArtifactStores.open(uri, S3Settings.DEFAULT))
        .isInstanceOfSatisfying(
            ArtifactStoreException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ArtifactStoreException.Reason.INVALID_URI);
              assertThat(e.getMessage()).contains("s3://bucket/prefix").doesNotContain("secret");
            });
  }
}
