package dev.powerwatch.soak;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's state directory on a small file system of its own (a tmpfs), so that a soak can
 * fill it up or make it read-only for a while, as a full or failing disk would. Mounting needs
 * root; without it the soak plays neither fault and says so.
 */
public final class SoakStateDir implements AutoCloseable {
  private static final int BUSY_TRIES = 40;
  private final Path dir;
  private final Path ballast;
  private final boolean mounted;
  private final String why;

  private SoakStateDir(Path dir, boolean mounted, String why) {
    this.dir = dir;
    this.ballast = dir.resolve("ballast");
    this.mounted = mounted;
    this.why = why;
  }

  public static SoakStateDir at(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Optional<String> refused = run("mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", dir.toString());
    return new SoakStateDir(dir, refused.isEmpty(), refused.orElse(""));
  }

  public Path path() {
    return dir;
  }

  /** Why the state directory could not be given a file system of its own; empty when it was. */
  public Optional<String> unavailable() {
    return mounted ? Optional.empty() : Optional.of("cannot mount a tmpfs for the state directory (" + why + ")");
  }

  /** Writes a file until the file system has no room left. */
  public void fill() throws IOException {
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(ballast)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      if (!full.getMessage().contains("space")) {
        throw full;
      }
    }
  }

  public void free() throws IOException {
    Files.deleteIfExists(ballast);
  }

  /**
   * Remounts the state directory read-only or writable again. Linux refuses a read-only remount
   * while a file on it is open for writing ("busy"), as the daemon's are for a moment at each
   * write: that is tried again a few times.
   */
  public void readOnly(boolean on) throws IOException, InterruptedException {
    Optional<String> refused = run("mount", "-o", "remount," + (on ? "ro" : "rw"), dir.toString());
    for (int again = 0; again < BUSY_TRIES && refused.filter(why -> why.contains("busy")).isPresent(); again++) {
      TimeUnit.MILLISECONDS.sleep(5);
      refused = run("mount", "-o", "remount," + (on ? "ro" : "rw"), dir.toString());
    }
    if (refused.isPresent()) {
      throw new IOException("cannot remount the state directory " + (on ? "read-only" : "writable") + ": "
          + refused.get());
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (mounted) {
      run("umount", dir.toString());
    }
  }

  /** Runs a command; empty when it succeeded, else what it said. */
  private static Optional<String> run(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return Optional.of(command[0] + " did not finish");
    }
    return process.exitValue() == 0 ? Optional.empty() : Optional.of(output.isEmpty() ? "exit "
        + process.exitValue() : output);
  }
}
