package org.gistsweep.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store under a prefix of an S3 bucket, through the AWS SDK v2 and the JDK's HTTP client. The
 * sha256 is computed by a first pass over the file and sent as user metadata {@code sha256} with
 * the object. Objects up to the {@link MultipartPlan} threshold go in one PUT, larger ones in a
 * multipart upload; S3 shows neither until it is complete, and a failed multipart upload is
 * aborted.
 */
final class S3ArtifactStore extends AbstractArtifactStore {
  static final String SHA256_METADATA = "sha256";

  /** Where {@link #check()} writes its probe: a segment no key can have. */
  private static final String OWN_AREA = ".gist-sweep";

  private static final String OCTETS = "application/octet-stream";
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");
  private static final int DELETE_BATCH = 1000;

  private final S3Client s3;
  private final String bucket;
  private final String root;
  private final MultipartPlan plan;
  private final String description;

  private S3ArtifactStore(
      URI uri, S3Client s3, String bucket, String root, MultipartPlan plan, String description) {
    super(uri);
    this.s3 = s3;
    this.bucket = bucket;
    this.root = root;
    this.plan = plan;
    this.description = description;
  }

  /** A store for {@code s3://bucket/root}; builds the client, does no I/O. */
  static S3ArtifactStore open(
      URI uri, String bucket, String root, S3Settings settings, MultipartPlan plan) {
    Region region = settings.region().map(Region::of).orElseGet(S3ArtifactStore::regionFromChain);
    AwsCredentialsProvider credentials =
        settings
            .credentials()
            .<AwsCredentialsProvider>map(
                c ->
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
            .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    var builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(settings.pathStyle())
            // S3-compatible services differ in the newer checksum headers; our sha256 covers every
            // byte end to end
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    settings
        .endpoint()
        .ifPresentOrElse(builder::endpointOverride, () -> builder.crossRegionAccessEnabled(true));
    String description =
        uri
            + " ("
            + settings.endpoint().map(e -> "endpoint " + e).orElse("AWS S3")
            + ", region "
            + region.id()
            + ")";
    return new S3ArtifactStore(uri, builder.build(), bucket, root, plan, description);
  }

  private static Region regionFromChain() {
    try {
      return new AwsRegionProviderChain(
              new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  @Override
  String describe() {
    return description;
  }

  @Override
  ArtifactInfo doPut(String key, Upload upload) {
    Upload hashed;
    try {
      hashed = upload.withSha256();
    } catch (IOException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where(key) + ": put failed: " + upload.source() + " cannot be read: " + e,
          e);
    }
    String objectKey = objectKey(key);
    Map<String, String> metadata = Map.of(SHA256_METADATA, hashed.sha256().orElseThrow());
    try {
      if (plan.single(hashed.size())) {
        s3.putObject(
            b ->
                b.bucket(bucket)
                    .key(objectKey)
                    .contentLength(hashed.size())
                    .contentType(OCTETS)
                    .metadata(metadata),
            body(hashed, 0, hashed.size()));
      } else {
        putMultipart(objectKey, hashed, metadata);
      }
    } catch (SdkException e) {
      ArtifactStoreException mapped = S3Errors.map(e, where(key), "put", bucket);
      throw mapped.reason() == ArtifactStoreException.Reason.IO
          ? explainedByBucket(mapped, key)
          : mapped;
    }
    return new ArtifactInfo(key, hashed.size(), hashed.sha256().orElseThrow());
  }

  /**
   * A service may answer a PUT to a missing bucket before it has read the body and close the
   * connection, which the client sees as a broken upload: ask about the bucket, so that the error
   * names the real cause.
   */
  private ArtifactStoreException explainedByBucket(ArtifactStoreException broken, String key) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return broken;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return new ArtifactStoreException(
            ArtifactStoreException.Reason.NO_SUCH_BUCKET,
            where(key)
                + ": put failed: the bucket '"
                + bucket
                + "' does not exist: create it, or correct the bucket in --artifacts",
            broken);
      }
      return broken;
    } catch (SdkException e) {
      return broken;
    }
  }

  private void putMultipart(String objectKey, Upload upload, Map<String, String> metadata) {
    String uploadId =
        s3.createMultipartUpload(
                b -> b.bucket(bucket).key(objectKey).contentType(OCTETS).metadata(metadata))
            .uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (MultipartPlan.Part part : plan.parts(upload.size())) {
        String etag =
            s3.uploadPart(
                    b ->
                        b.bucket(bucket)
                            .key(objectKey)
                            .uploadId(uploadId)
                            .partNumber(part.number())
                            .contentLength(part.length()),
                    body(upload, part.offset(), part.length()))
                .eTag();
        parts.add(CompletedPart.builder().partNumber(part.number()).eTag(etag).build());
      }
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(objectKey)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(objectKey).uploadId(uploadId));
      } catch (RuntimeException abort) {
        e.addSuppressed(abort);
      }
      throw e;
    }
  }

  /** The bytes offset..offset+length of the upload, reopened for every attempt the SDK makes. */
  private static RequestBody body(Upload upload, long offset, long length) {
    return RequestBody.fromContentProvider(
        () -> {
          try {
            InputStream in = upload.bytes().open();
            in.skipNBytes(offset);
            return new SourceStream(new LimitedInputStream(in, length), upload.source());
          } catch (IOException e) {
            throw new UncheckedIOException(new SourceStream.ReadException(upload.source(), e));
          }
        },
        length,
        OCTETS);
  }

  @Override
  Optional<ArtifactInfo> doHead(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(objectKey(key)));
      return info(key, head.contentLength(), head.metadata());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(errorCode(e))) {
        return Optional.empty();
      }
      throw S3Errors.map(e, where(key), "head", bucket);
    } catch (SdkException e) {
      throw S3Errors.map(e, where(key), "head", bucket);
    }
  }

  @Override
  List<ArtifactInfo> doList(String prefix) {
    List<ArtifactInfo> infos = new ArrayList<>();
    try {
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(listPrefix(prefix))).contents()) {
        Optional<String> key = keyOf(object.key());
        if (key.isPresent()) {
          doHead(key.get()).ifPresent(infos::add);
        }
      }
    } catch (SdkException e) {
      throw S3Errors.map(e, describe() + ": prefix '" + prefix + "'", "list", bucket);
    }
    infos.sort(Comparator.comparing(ArtifactInfo::key));
    return infos;
  }

  @Override
  ArtifactContent doOpen(String key, ByteRange range) {
    var request = GetObjectRequest.builder().bucket(bucket).key(objectKey(key));
    if (!range.isAll()) {
      request.range(range.header());
    }
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(request.build());
    } catch (NoSuchKeyException e) {
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.NOT_FOUND, where(key) + ": no such artifact", e);
    } catch (SdkException e) {
      throw S3Errors.map(e, where(key), "open", bucket);
    }
    try {
      GetObjectResponse response = in.response();
      Matcher partial =
          response.contentRange() == null ? null : CONTENT_RANGE.matcher(response.contentRange());
      long size =
          partial != null && partial.matches()
              ? Long.parseLong(partial.group(3))
              : response.contentLength();
      Optional<ArtifactInfo> info = info(key, size, response.metadata());
      if (info.isEmpty()) {
        throw new ArtifactStoreException(
            ArtifactStoreException.Reason.NOT_FOUND,
            where(key) + ": the object has no sha256 metadata (it was not stored by gist-sweep)",
            null);
      }
      if (partial != null && partial.matches()) {
        var resolved =
            new ByteRange.Resolved(
                Long.parseLong(partial.group(1)), Long.parseLong(partial.group(2)));
        return new ArtifactContent(info.get(), resolved, in, where(key));
      }
      ByteRange.Resolved resolved =
          range.resolve(size, where(key)); // a service that ignored the Range header
      in.skipNBytes(resolved.first());
      return new ArtifactContent(
          info.get(), resolved, new LimitedInputStream(in, resolved.length()), where(key));
    } catch (IOException e) {
      in.abort();
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.IO, where(key) + ": open failed: " + e, e);
    } catch (RuntimeException e) {
      in.abort();
      throw e;
    }
  }

  @Override
  void doDelete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
    } catch (SdkException e) {
      throw S3Errors.map(e, where(key), "delete", bucket);
    }
  }

  @Override
  int doDeletePrefix(String prefix) {
    int deleted = 0;
    try {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(listPrefix(prefix))).contents()) {
        batch.add(ObjectIdentifier.builder().key(object.key()).build());
        if (!object
            .key()
            .endsWith("/")) { // "folder/" markers (consoles, file system back ends) are not counted
          deleted++;
        }
        if (batch.size() == DELETE_BATCH) {
          deleteBatch(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        deleteBatch(batch);
      }
    } catch (SdkException e) {
      throw S3Errors.map(e, describe() + ": prefix '" + prefix + "'", "delete", bucket);
    }
    return deleted;
  }

  private void deleteBatch(List<ObjectIdentifier> batch) {
    // deepest keys first: a "folder/" marker goes after what lies in it (file system back ends
    // delete folders)
    List<ObjectIdentifier> ordered =
        batch.stream().sorted(Comparator.comparing(ObjectIdentifier::key).reversed()).toList();
    DeleteObjectsResponse response =
        s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ordered).quiet(true)));
    if (response.hasErrors() && !response.errors().isEmpty()) {
      var error = response.errors().get(0);
      throw new ArtifactStoreException(
          ArtifactStoreException.Reason.IO,
          describe()
              + ": delete failed for "
              + response.errors().size()
              + " of "
              + batch.size()
              + " objects, first '"
              + error.key()
              + "': "
              + error.code()
              + " "
              + error.message(),
          null);
    }
  }

  @Override
  public void check() {
    String probe = ArtifactKeys.join(root, OWN_AREA + "/check-" + UUID.randomUUID());
    try {
      s3.headBucket(b -> b.bucket(bucket));
      s3.putObject(
          b -> b.bucket(bucket).key(probe).contentType("text/plain"),
          RequestBody.fromString("gist-sweep store check\n"));
      s3.deleteObject(b -> b.bucket(bucket).key(probe));
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && errorCode(e).isEmpty()) { // HEAD answers carry no error code
        throw new ArtifactStoreException(
            ArtifactStoreException.Reason.NO_SUCH_BUCKET,
            describe()
                + ": check failed: the bucket '"
                + bucket
                + "' does not exist: create it, or correct the bucket in"
                + " --artifacts",
            e);
      }
      throw S3Errors.map(e, describe(), "check", bucket);
    } catch (SdkException e) {
      throw S3Errors.map(e, describe(), "check", bucket);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  private String objectKey(String key) {
    return ArtifactKeys.join(root, key);
  }

  private String listPrefix(String prefix) {
    String full = prefix.isEmpty() ? root : ArtifactKeys.join(root, prefix);
    return full.isEmpty() ? "" : full + "/";
  }

  /** The store key of an object key below the root, or empty for objects that are not artifacts. */
  private Optional<String> keyOf(String objectKey) {
    String key = root.isEmpty() ? objectKey : objectKey.substring(root.length() + 1);
    try {
      return Optional.of(ArtifactKeys.check(key));
    } catch (ArtifactStoreException e) {
      return Optional.empty(); // our own .gist-sweep area, or a name another tool wrote
    }
  }

  private static Optional<ArtifactInfo> info(String key, long size, Map<String, String> metadata) {
    String sha256 = metadata.get(SHA256_METADATA);
    return Sha256.isHex(sha256)
        ? Optional.of(new ArtifactInfo(key, size, sha256))
        : Optional.empty();
  }

  private static String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null
        ? ""
        : e.awsErrorDetails().errorCode();
  }
}
