package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** Each actor system pushes through a pool of its own, made from its own settings. */
class PushPoolTest {
  private static ActorTestKit named(String idleTimeout) {
    return ActorTestKit.create("powerwatch", ConfigFactory.parseString(
        "akka.http.host-connection-pool.idle-timeout = " + idleTimeout).withFallback(ConfigFactory.load()));
  }

  @Test
  void twoActorSystemsOfOneNameHaveAPoolEachWithTheirOwnSettings() {
    ActorTestKit first = named("7s");
    ActorTestKit second = named("9s");
    try {
      assertEquals(first.system(), second.system(), "equal as actor references: no key for a map");
      PushPool firstPool = PushPool.of(first.system());
      assertSame(firstPool, PushPool.of(first.system()));
      assertNotSame(firstPool, PushPool.of(second.system()));
      assertEquals(7, firstPool.settings().getIdleTimeout().toSeconds());
      assertEquals(9, PushPool.of(second.system()).settings().getIdleTimeout().toSeconds());
      assertEquals(0, firstPool.settings().getMaxRetries());
    } finally {
      first.shutdownTestKit();
      second.shutdownTestKit();
    }
  }
}
