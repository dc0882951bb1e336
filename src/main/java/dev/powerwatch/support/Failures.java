package dev.powerwatch.support;

import java.util.concurrent.CompletionException;

/** Failures as one short line for logs and status: the cause that says what really happened. */
public final class Failures {
  private Failures() {}

  /** What failed inside a completion stage: the cause a {@link CompletionException} wraps. */
  public static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** The innermost cause's type and message, e.g. "ConnectException: Connection refused". */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
