package dev.powerwatch.settings;

import dev.powerwatch.debounce.DebounceStore;
import dev.powerwatch.notify.Outbox;
import dev.powerwatch.rules.RuleContext;
import dev.powerwatch.support.Failures;
import dev.powerwatch.support.SettingsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state directory must exist and take files before the daemon relies on it for alerts, and
 * the state files in it must be readable: a file that cannot be read (permissions) is the
 * operator's to mend, not damage to move aside and forget.
 */
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
    for (Path file : stateFiles(dir)) {
      requireReadable(file);
    }
  }

  private static List<Path> stateFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    Path alerts = dir.resolve(DebounceStore.FILE_NAME);
    if (Files.exists(alerts)) {
      files.add(alerts);
    }
    addFiles(dir.resolve(Outbox.FOLDER), files);
    addFiles(dir.resolve(RuleContext.CAPACITY_FOLDER), files);
    return files;
  }

  private static void addFiles(Path folder, List<Path> files) {
    if (Files.isDirectory(folder)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "*.json")) {
        entries.forEach(files::add);
      } catch (IOException e) {
        throw new SettingsException(KEY, "cannot list " + folder + " (" + Failures.rootCause(e) + ")");
      }
    }
  }

  private static void requireReadable(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      in.read();
    } catch (IOException e) {
      throw new SettingsException(KEY, "cannot read the state file " + file + " (" + Failures.rootCause(e)
          + "); give powerwatch read access to it, or move it away to start without it");
    }
  }
}
