package dev.powerwatch.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/** What the simulator knows about one client socket. */
final class SocketSession {
  volatile String token;
  volatile boolean acknowledged;
  volatile boolean initReceived;
  volatile ScheduledFuture<?> initTimeout;
  final Map<String, String> homeBySubscription = new ConcurrentHashMap<>();
}
