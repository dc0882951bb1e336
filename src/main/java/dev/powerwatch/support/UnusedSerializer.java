package dev.powerwatch.support;

import akka.serialization.JSerializer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a cluster serializer in a single process ({@link LocalSerializers}): costs
 * nothing to build and refuses to be used. Akka wants every serializer's identifier unique, so
 * each instance takes the next one of a range no library uses.
 */
public final class UnusedSerializer extends JSerializer {
  private static final AtomicInteger NEXT = new AtomicInteger(0x50570000);
  private final int identifier = NEXT.getAndIncrement();

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object o) {
    throw new UnsupportedOperationException("a single process sends nothing to other nodes ("
        + o.getClass().getName() + ")");
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    throw new UnsupportedOperationException("a single process reads nothing from other nodes");
  }
}
