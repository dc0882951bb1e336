package dev.powerwatch;

/** Failures as one short line for logs and status: the cause that says what really happened. */
public final class Failures {
  private Failures() {}

  /** The innermost cause's type and message, e.g. "ConnectException: Connection refused". */
  public static String rootCause(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
