package dev.powerwatch.mqtt;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.powerwatch.LoopbackHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto as a real broker for a test, on 127.0.0.1 and a free port, without
 * persistence; with a user, only that user may connect. Without mosquitto the test is skipped,
 * saying so.
 */
public final class Mosquitto implements AutoCloseable {
  private static final Path BROKER = Path.of("/usr/sbin/mosquitto");
  private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

  private final Path dir;
  public final int port;
  private Process process;

  private Mosquitto(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static boolean installed() {
    return Files.isExecutable(BROKER);
  }

  public static void assumeInstalled() {
    assumeTrue(installed(), "skipped: mosquitto is not installed (Debian package mosquitto)");
  }

  /** @param user a user name and password the broker alone accepts, or empty for anyone */
  public static Mosquitto start(Path dir, Optional<String[]> user) throws IOException, InterruptedException {
    return start(dir, user, "");
  }

  /**
   * With a second listener for TLS on {@code tlsPort}, with the certificate and key (PEM) given;
   * {@link #port} stays plain.
   */
  public static Mosquitto startWithTls(Path dir, int tlsPort, Path certificate, Path key)
      throws IOException, InterruptedException {
    return start(dir, Optional.empty(), "listener " + tlsPort + " 127.0.0.1\ncertfile " + certificate + "\nkeyfile "
        + key + "\n");
  }

  private static Mosquitto start(Path dir, Optional<String[]> user, String moreListeners)
      throws IOException, InterruptedException {
    assumeInstalled();
    Mosquitto broker = new Mosquitto(dir, LoopbackHttp.freePort());
    // run as root, mosquitto would drop to its own user, which cannot read the test's folder
    StringBuilder conf = new StringBuilder("per_listener_settings false\nlistener " + broker.port
        + " 127.0.0.1\n" + moreListeners + "persistence false\nuser " + System.getProperty("user.name") + "\n");
    if (user.isPresent()) {
      Path passwords = dir.resolve("passwords");
      Process add = new ProcessBuilder(PASSWD.toString(), "-b", "-c", passwords.toString(), user.get()[0],
          user.get()[1]).redirectErrorStream(true).start();
      if (add.waitFor() != 0) {
        throw new IOException("mosquitto_passwd failed: " + new String(add.getInputStream().readAllBytes()));
      }
      conf.append("allow_anonymous false\npassword_file ").append(passwords).append('\n');
    } else {
      conf.append("allow_anonymous true\n");
    }
    Files.writeString(dir.resolve("mosquitto.conf"), conf);
    broker.startProcess();
    return broker;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** Stops the broker as a crash would, so clients see their connection drop. */
  public void stop() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts it again on the same port, empty (no retained messages). */
  public void startAgain() throws IOException, InterruptedException {
    startProcess();
  }

  private void startProcess() throws IOException, InterruptedException {
    process = new ProcessBuilder(BROKER.toString(), "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
        }
        Thread.onSpinWait();
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
    throw new IOException("mosquitto did not listen on " + port + " within 10 s");
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
