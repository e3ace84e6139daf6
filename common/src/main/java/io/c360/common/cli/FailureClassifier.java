package io.c360.common.cli;

import java.util.Set;

/**
 * Decides the exit code of an exception thrown by a job. Connection failures to S3, the metastore
 * or a file system become {@link ExitCode#EXTERNAL_UNAVAILABLE}; they are recognised by the class
 * names in the cause chain so that this module needs no compile-time dependency on every client.
 */
public final class FailureClassifier {
  private static final Set<String> UNREACHABLE =
      Set.of(
          "java.net.ConnectException",
          "java.net.UnknownHostException",
          "java.net.SocketTimeoutException",
          "java.net.NoRouteToHostException",
          "org.apache.http.conn.HttpHostConnectException",
          "org.apache.http.conn.ConnectTimeoutException",
          "org.apache.thrift.transport.TTransportException",
          "com.amazonaws.SdkClientException",
          "org.apache.hadoop.fs.s3a.AWSClientIOException",
          "org.apache.hadoop.fs.s3a.AWSBadRequestException",
          "org.apache.hadoop.fs.s3a.UnknownStoreException",
          "java.nio.file.AccessDeniedException");

  private FailureClassifier() {}

  public static ExitCode classify(Throwable failure) {
    for (Throwable t : causes(failure)) {
      if (t instanceof JobFailure jobFailure) {
        return jobFailure.exitCode();
      }
      if (isUnreachable(t)) {
        return ExitCode.EXTERNAL_UNAVAILABLE;
      }
    }
    return ExitCode.INTERNAL_ERROR;
  }

  /** {@code failure} and its causes, outermost first, each once even when the chain loops. */
  public static java.util.List<Throwable> causes(Throwable failure) {
    java.util.List<Throwable> chain = new java.util.ArrayList<>();
    java.util.Set<Throwable> seen =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static boolean isUnreachable(Throwable t) {
    for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
      if (UNREACHABLE.contains(type.getName())) {
        return true;
      }
    }
    return false;
  }
}
