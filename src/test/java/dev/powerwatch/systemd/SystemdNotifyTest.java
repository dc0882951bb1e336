package dev.powerwatch.systemd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.powerwatch.LogCapture;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifyTest {
  @TempDir
  Path dir;

  @Test
  void statesArriveInOrderOnAPathSocket() throws Exception {
    String path = dir.resolve("notify").toString();
    try (NotifySocket systemd = NotifySocket.bind(path, dir); SystemdNotify notify = notifyTo(path)) {
      assertTrue(notify.isEnabled());
      assertTrue(notify.send(SystemdNotify.READY));
      assertTrue(notify.send("STATUS=watching 2 homes, 1 alert"));
      assertTrue(notify.send(SystemdNotify.WATCHDOG));
      assertTrue(notify.send(SystemdNotify.STOPPING));
      assertEquals(List.of("READY=1", "STATUS=watching 2 homes, 1 alert", "WATCHDOG=1", "STOPPING=1"),
          systemd.received(4));
    }
  }

  @Test
  void statesArriveOnAnAbstractSocket() throws Exception {
    String name = "@powerwatch-test-" + UUID.randomUUID();
    try (NotifySocket systemd = NotifySocket.bind(name, dir); SystemdNotify notify = notifyTo(name)) {
      assertTrue(notify.send(SystemdNotify.READY));
      assertTrue(notify.send("STATUS=Hjemme: 3,2 kW"));
      assertEquals(List.of("READY=1", "STATUS=Hjemme: 3,2 kW"), systemd.received(2));
    }
  }

  @Test
  void threadsShareOneInstance() throws Exception {
    String path = dir.resolve("notify").toString();
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (NotifySocket systemd = NotifySocket.bind(path, dir); SystemdNotify notify = notifyTo(path)) {
      List<Future<Boolean>> sends = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        sends.add(pool.submit(() -> {
          boolean all = true;
          for (int i = 0; i < each; i++) {
            all &= notify.send("STATUS=" + thread + "/" + i);
          }
          return all;
        }));
      }
      for (Future<Boolean> send : sends) {
        assertTrue(send.get());
      }
      Set<String> expected = new HashSet<>();
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < each; i++) {
          expected.add("STATUS=" + t + "/" + i);
        }
      }
      assertEquals(expected, new HashSet<>(systemd.received(threads * each)));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void withoutNotifySocketNothingIsSent() throws Exception {
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("NOTIFY_SOCKET", ""))) {
        try (SystemdNotify notify = SystemdNotify.fromEnvironment(environment)) {
          assertFalse(notify.isEnabled());
          assertFalse(notify.send(SystemdNotify.READY));
          assertEquals(-1, notify.fileDescriptor());
        }
      }
    });
    assertEquals(List.of(), LogCapture.at(logs, "WARN"));
  }

  @Test
  void aPathNobodyListensOnFailsWithOneWarning() throws Exception {
    String path = dir.resolve("nobody-here").toString();
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      try (SystemdNotify notify = notifyTo(path)) {
        assertFalse(notify.send(SystemdNotify.READY));
        assertFalse(notify.send(SystemdNotify.WATCHDOG));
        assertFalse(notify.send(SystemdNotify.WATCHDOG));
      }
    });
    List<String> warnings = LogCapture.at(logs, "WARN");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains(path), warnings.get(0));
    assertTrue(warnings.get(0).contains("No such file or directory"), warnings.get(0));
  }

  @Test
  void aSocketLeftBehindByADeadListenerIsRefused() throws Exception {
    String path = dir.resolve("notify").toString();
    NotifySocket.bind(path, dir).close();
    assertTrue(Files.exists(Path.of(path)), "the socket file outlives python3");
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      try (SystemdNotify notify = notifyTo(path)) {
        assertFalse(notify.send(SystemdNotify.READY));
      }
    });
    List<String> warnings = LogCapture.at(logs, "WARN");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("Connection refused"), warnings.get(0));
  }

  @Test
  void anAbstractNameNobodyListensOnFails() throws Exception {
    try (SystemdNotify notify = notifyTo("@powerwatch-test-nobody-" + UUID.randomUUID())) {
      assertFalse(notify.send(SystemdNotify.READY));
    }
  }

  @Test
  void anAddressThatIsNeitherPathNorAbstractFails() throws Exception {
    List<ILoggingEvent> logs = LogCapture.during(() -> {
      try (SystemdNotify notify = notifyTo("run/systemd/notify")) {
        assertTrue(notify.isEnabled());
        assertFalse(notify.send(SystemdNotify.READY));
      }
    });
    List<String> warnings = LogCapture.at(logs, "WARN");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("run/systemd/notify"), warnings.get(0));
  }

  @Test
  void closeClosesTheSocketAndEndsSending() throws Exception {
    String path = dir.resolve("notify").toString();
    try (NotifySocket systemd = NotifySocket.bind(path, dir)) {
      SystemdNotify notify = notifyTo(path);
      assertTrue(notify.send(SystemdNotify.READY));
      Path descriptor = Path.of("/proc/self/fd", Integer.toString(notify.fileDescriptor()));
      Path socket = Files.readSymbolicLink(descriptor);
      assertTrue(socket.toString().startsWith("socket:"), socket.toString());

      notify.close();
      notify.close();
      assertEquals(-1, notify.fileDescriptor());
      // The number may already serve another file, but no longer this socket.
      assertNotEquals(socket, Files.exists(descriptor) ? Files.readSymbolicLink(descriptor) : null);
      assertFalse(notify.send(SystemdNotify.STOPPING));
      assertEquals(List.of("READY=1"), systemd.received(1));
    }
  }

  @Test
  void aPathAddressIsFamilyThenPathThenNul() {
    byte[] address = SystemdNotify.socketAddress("/run/systemd/notify");
    byte[] path = "/run/systemd/notify".getBytes(UTF_8);
    assertEquals(2 + path.length + 1, address.length);
    assertEquals(1, ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getShort(0), "sa_family_t AF_UNIX");
    assertArrayEquals(path, Arrays.copyOfRange(address, 2, 2 + path.length));
    assertEquals(0, address[address.length - 1]);
  }

  @Test
  void anAbstractAddressStartsWithNulAndHasNoEndMarker() {
    byte[] address = SystemdNotify.socketAddress("@powerwatch");
    assertEquals(2 + "@powerwatch".length(), address.length);
    assertEquals(1, ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getShort(0), "sa_family_t AF_UNIX");
    assertEquals(0, address[2]);
    assertArrayEquals("powerwatch".getBytes(UTF_8), Arrays.copyOfRange(address, 3, address.length));
  }

  @Test
  void addressesMustFitSunPath() {
    String longestPath = "/" + "p".repeat(106);
    assertEquals(2 + 108, SystemdNotify.socketAddress(longestPath).length);
    assertThrows(IllegalArgumentException.class, () -> SystemdNotify.socketAddress(longestPath + "p"));
    String longestAbstract = "@" + "a".repeat(107);
    assertEquals(2 + 108, SystemdNotify.socketAddress(longestAbstract).length);
    assertThrows(IllegalArgumentException.class, () -> SystemdNotify.socketAddress(longestAbstract + "a"));
  }

  @Test
  void watchdogIntervalComesFromWatchdogUsec() {
    assertEquals(Optional.empty(), SystemdNotify.watchdogInterval(Map.of()));
    assertEquals(Duration.ofSeconds(30),
        SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000")).orElseThrow());
    assertEquals(Duration.ofMillis(1500),
        SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "1500000", "WATCHDOG_PID", ownPid())).orElseThrow());
  }

  @Test
  void anInvalidWatchdogUsecIsIgnoredWithAWarning() throws Exception {
    for (String invalid : List.of("", "abc", "0", "-5", "1.5", "30s", "99999999999999999999")) {
      List<ILoggingEvent> logs = LogCapture.during(() ->
          assertTrue(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", invalid)).isEmpty(), invalid));
      assertEquals(1, LogCapture.at(logs, "WARN").size(), invalid);
    }
  }

  @Test
  void aWatchdogForAnotherProcessIsNotOurs() {
    String otherPid = Long.toString(ProcessHandle.current().pid() + 1);
    for (String pid : List.of(otherPid, "abc", "0", "")) {
      assertTrue(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", pid)).isEmpty(),
          pid);
    }
  }

  private static SystemdNotify notifyTo(String socket) {
    return SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket));
  }

  private static String ownPid() {
    return Long.toString(ProcessHandle.current().pid());
  }
}
