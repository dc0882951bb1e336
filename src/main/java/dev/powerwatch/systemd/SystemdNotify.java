package dev.powerwatch.systemd;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** systemd's notification protocol: states such as READY=1 sent as datagrams to NOTIFY_SOCKET. */
public final class SystemdNotify implements AutoCloseable {
  public static final String READY = "READY=1";
  public static final String WATCHDOG = "WATCHDOG=1";
  public static final String STOPPING = "STOPPING=1";
  static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
  static final String WATCHDOG_USEC = "WATCHDOG_USEC";
  static final String WATCHDOG_PID = "WATCHDOG_PID";
  /** sockaddr_un on Linux: an unsigned short sa_family_t, then sun_path[108]; no padding on any ABI. */
  static final int FAMILY_BYTES = 2;
  static final int PATH_CAPACITY = 108;
  private static final Pattern NUMBER = Pattern.compile("[0-9]{1,18}");
  private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);

  private final String socket;
  private int fd = -1;
  private boolean closed;
  private boolean warned;

  private SystemdNotify(String socket) {
    this.socket = socket;
  }

  /** Sends to NOTIFY_SOCKET when the environment has it; otherwise every send is a no-op. */
  public static SystemdNotify fromEnvironment(Map<String, String> environment) {
    String socket = environment.get(NOTIFY_SOCKET);
    return new SystemdNotify(socket == null || socket.isEmpty() ? null : socket);
  }

  /** Whether systemd asked for notifications (NOTIFY_SOCKET is set). */
  public boolean isEnabled() {
    return socket != null;
  }

  /**
   * Sends one state, e.g. {@link #READY} or "STATUS=watching 2 homes". Returns whether it was
   * sent: false without NOTIFY_SOCKET, after {@link #close()}, or when sending fails (the first
   * failure is logged at WARN, later ones at DEBUG). Never throws.
   */
  public synchronized boolean send(String state) {
    if (socket == null || closed) {
      return false;
    }
    try {
      sendDatagram(state.getBytes(UTF_8));
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: JNA has no native stub for this platform, or libc could not be loaded.
      failed(e.getMessage() != null ? e.getMessage() : e.toString());
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (fd >= 0) {
      LibC.INSTANCE.close(fd);
      fd = -1;
    }
  }

  /** The socket's file descriptor: -1 before the first send and after {@link #close()}. */
  synchronized int fileDescriptor() {
    return fd;
  }

  /**
   * How often systemd expects WATCHDOG=1 (send it every half of this), when WatchdogSec= is set
   * for this very process: WATCHDOG_PID, when present, must be our process id.
   */
  public static Optional<Duration> watchdogInterval(Map<String, String> environment) {
    String usec = environment.get(WATCHDOG_USEC);
    if (usec == null || !forThisProcess(environment.get(WATCHDOG_PID))) {
      return Optional.empty();
    }
    OptionalLong micros = positive(usec);
    if (micros.isEmpty()) {
      log.warn("{}={} is not a positive number of microseconds; no watchdog pings are sent", WATCHDOG_USEC, usec);
      return Optional.empty();
    }
    return Optional.of(Duration.of(micros.getAsLong(), ChronoUnit.MICROS));
  }

  /** sockaddr_un for a path ("/run/systemd/notify") or an abstract name ("@name"), as long as it must be. */
  static byte[] socketAddress(String socket) {
    boolean abstractName = socket.startsWith("@");
    if (!abstractName && !socket.startsWith("/")) {
      throw new IllegalArgumentException("neither an absolute path nor an abstract name starting with '@'");
    }
    byte[] name = socket.getBytes(UTF_8);
    // A path ends with a NUL; an abstract name starts with one instead of '@', and its length is
    // all that marks its end, so no byte may follow it.
    int pathBytes = abstractName ? name.length : name.length + 1;
    if (pathBytes > PATH_CAPACITY) {
      throw new IllegalArgumentException("longer than the " + PATH_CAPACITY + " bytes of sockaddr_un");
    }
    ByteBuffer address = ByteBuffer.allocate(FAMILY_BYTES + pathBytes).order(ByteOrder.nativeOrder());
    address.putShort((short) LibC.AF_UNIX);
    if (abstractName) {
      address.put((byte) 0).put(name, 1, name.length - 1);
    } else {
      address.put(name).put((byte) 0);
    }
    return address.array();
  }

  private void sendDatagram(byte[] datagram) throws IOException {
    byte[] address = socketAddress(socket);
    if (fd < 0) {
      fd = (int) checked(LibC.INSTANCE.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0), "socket");
    }
    NativeLong length = new NativeLong(datagram.length);
    long sent = checked(
        LibC.INSTANCE.sendto(fd, datagram, length, LibC.MSG_NOSIGNAL, address, address.length).longValue(), "sendto");
    if (sent != datagram.length) {
      throw new IOException("sendto sent " + sent + " of " + datagram.length + " bytes");
    }
  }

  private static long checked(long result, String call) throws IOException {
    if (result < 0) {
      int errno = Native.getLastError();
      throw new IOException(call + ": " + LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")");
    }
    return result;
  }

  private void failed(String problem) {
    if (warned) {
      log.debug("systemd notification to {} failed: {}", socket, problem);
      return;
    }
    warned = true;
    log.warn("systemd notification to {} failed: {}; systemd may miss readiness and watchdog pings"
        + " (further failures are logged at DEBUG)", socket, problem);
  }

  private static boolean forThisProcess(String watchdogPid) {
    if (watchdogPid == null) {
      return true;
    }
    OptionalLong pid = positive(watchdogPid);
    return pid.isPresent() && pid.getAsLong() == ProcessHandle.current().pid();
  }

  private static OptionalLong positive(String digits) {
    if (!NUMBER.matcher(digits).matches()) {
      return OptionalLong.empty();
    }
    long value = Long.parseLong(digits);
    return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
  }
}
