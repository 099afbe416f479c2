package org.gistsweep.artifacts;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns an AWS SDK error into an {@link ArtifactStoreException} that names the cause and the fix.
 */
final class S3Errors {
  private S3Errors() {}

  /**
   * @param where the store (and key) the operation was on
   * @param action what was done, e.g. "put"
   * @param bucket the store's bucket, named in the fix
   */
  static ArtifactStoreException map(SdkException e, String where, String action, String bucket) {
    ArtifactStoreException.Reason reason;
    String fix;
    if (e instanceof S3Exception s3) {
      String code =
          s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
              ? ""
              : s3.awsErrorDetails().errorCode();
      int status = s3.statusCode();
      if (code.equals("NoSuchBucket")) {
        reason = ArtifactStoreException.Reason.NO_SUCH_BUCKET;
        fix =
            "the bucket '"
                + bucket
                + "' does not exist: create it, or correct the bucket in --artifacts";
      } else if (status == 403
          || code.equals("AccessDenied")
          || code.equals("InvalidAccessKeyId")
          || code.equals("SignatureDoesNotMatch")) {
        reason = ArtifactStoreException.Reason.ACCESS_DENIED;
        fix =
            "access denied ("
                + (code.isEmpty() ? "HTTP 403" : code)
                + "): check the credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or"
                + " AWS_PROFILE) and that they may read and write bucket '"
                + bucket
                + "'";
      } else if (status == 404) {
        reason = ArtifactStoreException.Reason.NOT_FOUND;
        fix = "no such artifact";
      } else if (status == 416 || code.equals("InvalidRange")) {
        reason = ArtifactStoreException.Reason.RANGE_NOT_SATISFIABLE;
        fix = "the range selects no byte of the artifact";
      } else if (status >= 500
          || status == 429
          || code.equals("SlowDown")
          || code.equals("RequestTimeout")) {
        reason = ArtifactStoreException.Reason.IO;
        fix =
            "the service failed or is throttling ("
                + (code.isEmpty() ? "HTTP " + status : code)
                + "): try again later";
      } else {
        reason = ArtifactStoreException.Reason.REJECTED;
        fix =
            "the service refused the request (" + (code.isEmpty() ? "HTTP " + status : code) + ")";
      }
      String detail =
          "HTTP " + status + (s3.requestId() == null ? "" : ", request id " + s3.requestId());
      return new ArtifactStoreException(
          reason, where + ": " + action + " failed: " + fix + " (" + detail + ")", e);
    }
    Throwable cause = rootOf(e, SourceStream.ReadException.class);
    if (cause != null) {
      return new ArtifactStoreException(
          ArtifactStoreException.Reason.SOURCE,
          where + ": " + action + " failed: " + cause.getMessage() + "; nothing was stored",
          e);
    }
    if (isUnreachable(e)) {
      return new ArtifactStoreException(
          ArtifactStoreException.Reason.UNREACHABLE,
          where
              + ": "
              + action
              + " failed: the S3 endpoint cannot be reached: check --s3-endpoint (or"
              + " AWS_ENDPOINT_URL_S3) and that the service is running ("
              + firstLine(e)
              + ")",
          e);
    }
    if (e instanceof SdkClientException
        && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
      return new ArtifactStoreException(
          ArtifactStoreException.Reason.NO_CREDENTIALS,
          where
              + ": "
              + action
              + " failed: no AWS credentials found: set AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials, or run with an"
              + " instance or container role",
          e);
    }
    return new ArtifactStoreException(
        ArtifactStoreException.Reason.IO, where + ": " + action + " failed: " + firstLine(e), e);
  }

  private static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || (t instanceof SocketTimeoutException
              && String.valueOf(t.getMessage()).contains("connect"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootOf(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
