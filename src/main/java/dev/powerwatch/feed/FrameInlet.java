package dev.powerwatch.feed;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands what one socket delivers to LiveFeed through a bounded queue. Frames are decoded on the
 * socket's thread; when the queue is full that thread waits, stops reading, and TCP holds the
 * server back. The actor hears one {@code signal} per read from the socket (a read carries a few
 * dozen frames in a flood), not per frame, and none while it has not {@link #rearm}ed since the last.
 */
final class FrameInlet implements FeedSocket.Listener {
  static final int CAPACITY = 1024;

  private final Connection connection;
  private final Runnable signal;
  private final BlockingQueue<InboundFrame> frames = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicBoolean signalled = new AtomicBoolean();
  private volatile boolean closed;

  FrameInlet(Connection connection, Runnable signal) {
    this.connection = connection;
    this.signal = signal;
  }

  @Override
  public void opened() {
    put(new InboundFrame.Opened());
    readDone();
  }

  @Override
  public void text(ByteBuffer utf8) {
    put(connection.decode(utf8));
  }

  @Override
  public void text(String message) {
    put(connection.decode(message));
  }

  @Override
  public void binary() {
    put(new InboundFrame.Malformed("binary frame; graphql-transport-ws sends only text"));
  }

  @Override
  public void ended(Disconnect reason) {
    put(new InboundFrame.Ended(reason));
    readDone();
  }

  @Override
  public void readDone() {
    if (!frames.isEmpty() && signalled.compareAndSet(false, true)) {
      signal.run();
    }
  }

  /** Waits while the queue is full, after making sure the actor knows there is work. */
  private void put(InboundFrame frame) {
    if (closed || frames.offer(frame)) {
      return;
    }
    readDone();
    try {
      frames.put(frame);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Called by the actor before it drains, so the next frame signals again. */
  void rearm() {
    signalled.set(false);
  }

  /** Moves up to {@code most} waiting frames into {@code into}, taking the queue's lock once. */
  void drainTo(List<InboundFrame> into, int most) {
    frames.drainTo(into, most);
  }

  /** After a partial drain: makes sure the actor comes back for the rest. */
  void signalIfWaiting() {
    readDone();
  }

  /** The actor is done with this socket: drops what waits and frees a blocked reader. */
  void close() {
    closed = true;
    frames.clear();
  }
}
