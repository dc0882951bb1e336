package dev.powerwatch;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/** The machine's own programs that end-to-end tests use (systemd-analyze, lintian, groff, ...). */
public final class Tools {
  private Tools() {}

  /** Whether {@code program} is an executable in a folder of PATH. */
  public static boolean onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> isExecutable(dir, program));
  }

  private static boolean isExecutable(String dir, String program) {
    try {
      return Files.isExecutable(Path.of(dir, program));
    } catch (InvalidPathException e) {
      return false;
    }
  }
}
