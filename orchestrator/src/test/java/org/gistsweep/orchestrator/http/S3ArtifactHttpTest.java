package org.gistsweep.orchestrator.http;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import org.gistsweep.artifacts.ArtifactStore;
import org.gistsweep.artifacts.ArtifactStores;
import org.gistsweep.artifacts.testing.S3TestServer;

/** The artifacts routes over an S3 store: a real S3-compatible server (s3proxy) in this JVM. */
class S3ArtifactHttpTest extends ArtifactHttpContract {
  private S3TestServer server;
  private URI bucket;

  @Override
  ArtifactStore openStore() {
    server = S3TestServer.start();
    bucket = server.createBucket();
    return ArtifactStores.open(bucket, server.settings());
  }

  @Override
  void corrupt(String key) throws IOException {
    try (RandomAccessFile file =
        new RandomAccessFile(
            server.dataDirectory().resolve(bucket.getHost()).resolve(key).toFile(), "rw")) {
      file.seek(SIZE - 5);
      int b = file.read();
      file.seek(SIZE - 5);
      file.write(b ^ 0x40);
    }
  }

  @Override
  void closeBackEnd() {
    server.close();
  }
}
