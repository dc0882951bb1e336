package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import dev.powerwatch.Fixtures;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.TransportCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The bounded hand-over from the socket's thread to the feed's actor. */
class FrameInletTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private final AtomicInteger signals = new AtomicInteger();
  private final FrameInlet inlet = new FrameInlet(
      new Connection(1, List.of("home"), new TransportCodec(Json.mapper())),
      signals::incrementAndGet);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void oneSignalPerReadAndNoneUntilRearmed() {
    inlet.text("{\"type\":\"ping\"}");
    inlet.text("{\"type\":\"ping\"}");
    assertEquals(0, signals.get(), "nothing before the read is done");
    inlet.readDone();
    inlet.text("{\"type\":\"ping\"}");
    inlet.readDone();
    assertEquals(1, signals.get(), "the actor has not come for the first batch yet");
    List<InboundFrame> taken = new ArrayList<>();
    inlet.rearm();
    inlet.drainTo(taken, 10);
    assertEquals(3, taken.size());
    inlet.text("{\"type\":\"ping\"}");
    inlet.readDone();
    assertEquals(2, signals.get());
  }

  @Test
  void aFullInletHoldsTheReaderUntilClosedAndThenLetsItGo() throws Exception {
    Thread reader = new Thread(() -> {
      for (int i = 0; i <= FrameInlet.CAPACITY; i++) {
        inlet.text("{\"type\":\"ping\"}");
      }
      inlet.text("{\"type\":\"ping\"}");
    });
    reader.start();
    Fixtures.awaitTrue(testKit, "the reader waiting on the full inlet",
        () -> reader.getState() == Thread.State.WAITING);
    assertTrue(signals.get() >= 1, "the actor was told before the reader waited");
    inlet.close();
    reader.join(Fixtures.AWAIT.toMillis());
    assertEquals(Thread.State.TERMINATED, reader.getState(), "closing frees a reader held by a full inlet");
  }
}
