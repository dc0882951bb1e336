package dev.powerwatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** {@code powerwatch run} as a process of its own, the way systemd starts it, with its output kept. */
public final class DaemonProcess implements AutoCloseable {
  public final Process process;
  private final StringBuffer output = new StringBuffer();

  private DaemonProcess(Process process) {
    this.process = process;
    Thread reader = new Thread(this::copyOutput, "daemon-output");
    reader.setDaemon(true);
    reader.start();
  }

  public static DaemonProcess start(Path config, Map<String, String> environment) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        "dev.powerwatch.Main", "run", "--config", config.toString()).redirectErrorStream(true);
    builder.environment().remove("NOTIFY_SOCKET");
    builder.environment().remove("WATCHDOG_USEC");
    builder.environment().putAll(environment);
    return new DaemonProcess(builder.start());
  }

  public String output() {
    return output.toString();
  }

  private void copyOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        output.append(line).append('\n');
      }
    } catch (IOException e) {
      output.append("(output ended: ").append(e.getMessage()).append(")\n");
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
