package dev.powerwatch.systemd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * systemd's side of the notification socket, played by Python: it binds an AF_UNIX datagram
 * socket (a path, or an abstract name for "@name") and prints each datagram it receives, hex-encoded
 * so that any content stays on one line.
 */
public final class NotifySocket implements AutoCloseable {
  private static final long DEADLINE_SECONDS = 10;
  private static final String BOUND = "bound";
  private static final String SCRIPT = String.join("\n",
      "import socket, sys",
      "name = sys.argv[1]",
      "address = '\\0' + name[1:] if name.startswith('@') else name",
      "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
      "s.bind(address)",
      "print('" + BOUND + "', flush=True)",
      "while True:",
      "    print(s.recv(65536).hex(), flush=True)");
  private static Boolean pythonInstalled;

  private final Process python;
  private final Path errors;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private NotifySocket(String name, Path workDir) throws IOException, InterruptedException {
    errors = workDir.resolve("python-stderr.txt");
    python = new ProcessBuilder("python3", "-c", SCRIPT, name).redirectError(errors.toFile()).start();
    Thread reader = new Thread(this::readLines, "notify-socket-reader");
    reader.setDaemon(true);
    reader.start();
    String first = nextLine();
    if (!BOUND.equals(first)) {
      close();
      throw new AssertionError("python3 did not bind " + name + ": " + first + " " + stderr());
    }
  }

  /** Binds the socket once python3 has said so; skips the test when python3 is not installed. */
  public static NotifySocket bind(String name, Path workDir) throws IOException, InterruptedException {
    assumeTrue(pythonInstalled(), "skipped: python3 is not installed");
    return new NotifySocket(name, workDir);
  }

  /** The next {@code count} datagrams as text, waiting at most 10 s for each. */
  public List<String> received(int count) throws InterruptedException {
    List<String> datagrams = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String hex = nextLine();
      if (hex == null) {
        throw new AssertionError("only " + datagrams + " arrived within " + DEADLINE_SECONDS + " s " + stderr());
      }
      datagrams.add(new String(HexFormat.of().parseHex(hex), UTF_8));
    }
    return datagrams;
  }

  @Override
  public void close() {
    python.destroy();
    try {
      if (!python.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        python.destroyForcibly();
      }
    } catch (InterruptedException e) {
      python.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private String nextLine() throws InterruptedException {
    return lines.poll(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private void readLines() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // The process was stopped: nothing more to read.
    }
  }

  private String stderr() {
    try {
      return "(python3 stderr: " + Files.readString(errors).strip() + ")";
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  private static synchronized boolean pythonInstalled() throws InterruptedException {
    if (pythonInstalled == null) {
      try {
        Process probe = new ProcessBuilder("python3", "-c", "pass").redirectErrorStream(true).start();
        boolean exited = probe.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
          probe.destroyForcibly();
        }
        pythonInstalled = exited && probe.exitValue() == 0;
      } catch (IOException e) {
        pythonInstalled = false;
      }
    }
    return pythonInstalled;
  }
}
