package dev.powerwatch.tibber;

/** A frame from the network that does not follow the protocol or the schema; says what is wrong. */
public final class MalformedFrameException extends Exception {
  public MalformedFrameException(String problem) {
    super(problem);
  }
}
