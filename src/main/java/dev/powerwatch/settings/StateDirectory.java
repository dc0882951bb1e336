package dev.powerwatch.settings;

import dev.powerwatch.support.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The state directory must exist and take files before the daemon relies on it for alerts. */
public final class StateDirectory {
  private static final String KEY = "powerwatch.state-dir";

  private StateDirectory() {}

  public static void prepare(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new SettingsException(KEY, "cannot create or write " + dir + " (" + e.getClass().getSimpleName()
          + "); point it at a folder powerwatch may write, e.g. state-dir = \"./state\" for a run by hand");
    }
  }
}
