package org.gistsweep.artifacts.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gistsweep.artifacts.S3Credentials;
import org.gistsweep.artifacts.S3Settings;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.logging.slf4j.config.SLF4JLoggingModule;

/**
 * A real S3-compatible server (s3proxy over jclouds' filesystem back end) in the test JVM, on a
 * free port of 127.0.0.1, with AWS v2/v4 signature checks against one fixed access key. Objects are
 * plain files below {@link #dataDirectory()} ({@code <bucket>/<key>}, metadata in extended
 * attributes), so a test can corrupt one on disk.
 *
 * <p>Other modules' tests use it from the artifacts test-jar (add {@code gist-sweep-artifacts} with
 * {@code <type>test-jar</type>} and {@code org.gaul:s3proxy}, both at test scope):
 *
 * <pre>{@code
 * try (S3TestServer s3 = S3TestServer.start()) {
 *   URI store = s3.createBucket("trials");            // s3://trials
 *   ArtifactStore artifacts = ArtifactStores.open(store, s3.settings());
 *   // a child process: s3.environment() and --s3-endpoint s3.endpoint()
 * }
 * }</pre>
 */
public final class S3TestServer implements AutoCloseable {
  /** The access key the server accepts. */
  public static final S3Credentials CREDENTIALS =
      new S3Credentials("gist-sweep-test", "gist-sweep-test-secret");

  public static final String REGION = "us-east-1";

  private final S3Proxy proxy;
  private final BlobStoreContext context;
  private final Path directory;
  private final boolean ownsDirectory;
  private final URI endpoint;

  private S3TestServer(
      S3Proxy proxy,
      BlobStoreContext context,
      Path directory,
      boolean ownsDirectory,
      URI endpoint) {
    this.proxy = proxy;
    this.context = context;
    this.directory = directory;
    this.ownsDirectory = ownsDirectory;
    this.endpoint = endpoint;
  }

  /**
   * Starts a server keeping its objects in a new temporary directory, deleted by {@link #close()}.
   */
  public static S3TestServer start() {
    try {
      return start(Files.createTempDirectory("s3-test-server"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server keeping its objects in {@code directory} (left in place by {@link #close()}).
   */
  public static S3TestServer start(Path directory) {
    return start(directory, false);
  }

  private static S3TestServer start(Path directory, boolean owns) {
    try {
      return startIn(directory, owns);
    } catch (RuntimeException | Error e) {
      if (owns) {
        deleteTree(directory);
      }
      throw e;
    }
  }

  private static S3TestServer startIn(Path directory, boolean owns) {
    Properties properties = new Properties();
    properties.setProperty("jclouds.filesystem.basedir", directory.toAbsolutePath().toString());
    BlobStoreContext context =
        ContextBuilder.newBuilder("filesystem")
            .credentials(CREDENTIALS.accessKeyId(), CREDENTIALS.secretAccessKey())
            .overrides(properties)
            .modules(Set.of(new SLF4JLoggingModule()))
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .awsAuthentication(
                AuthenticationType.AWS_V2_OR_V4,
                CREDENTIALS.accessKeyId(),
                CREDENTIALS.secretAccessKey())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .ignoreUnknownHeaders(true)
            .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "s3proxy did not start within 30 s (state " + proxy.getState() + ")");
        }
        Thread.sleep(10);
      }
    } catch (Exception e) {
      context.close();
      throw new IllegalStateException("could not start s3proxy: " + e, e);
    }
    return new S3TestServer(
        proxy, context, directory, owns, URI.create("http://127.0.0.1:" + proxy.getPort()));
  }

  /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** Settings that reach this server (path-style, fixed region and key). */
  public S3Settings settings() {
    return S3Settings.forEndpoint(endpoint, REGION, CREDENTIALS);
  }

  /** The environment a child process needs to reach this server through the AWS default chains. */
  public Map<String, String> environment() {
    return Map.of(
        "AWS_ACCESS_KEY_ID", CREDENTIALS.accessKeyId(),
        "AWS_SECRET_ACCESS_KEY", CREDENTIALS.secretAccessKey(),
        "AWS_REGION", REGION,
        "AWS_ENDPOINT_URL_S3", endpoint.toString(),
        "AWS_EC2_METADATA_DISABLED", "true");
  }

  /** Creates bucket {@code name} and returns its store URI {@code s3://name}. */
  public URI createBucket(String name) {
    blobStore().createContainerInLocation(null, name);
    return URI.create("s3://" + name);
  }

  /** Creates a bucket with a fresh random name and returns its store URI. */
  public URI createBucket() {
    return createBucket("test-" + UUID.randomUUID().toString().substring(0, 13));
  }

  /** The jclouds view of the server's objects, to inspect or tamper with them behind the S3 API. */
  public BlobStore blobStore() {
    return context.getBlobStore();
  }

  /** Where the objects lie: {@code <bucket>/<object key>}. */
  public Path dataDirectory() {
    return directory;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop s3proxy: " + e, e);
    } finally {
      context.close();
      if (ownsDirectory) {
        deleteTree(directory);
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the s3proxy directory " + root, e);
    }
  }
}
