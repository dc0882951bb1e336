package dev.powerwatch.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes that survive a crash at any point: temp file, fsync, rename, fsync of the folder. */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    replace(target, content, true);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * The same without waiting for the disk: once this returns, the content survives a crash of
   * the process (it is in the kernel's cache), and after {@link #sync} a power cut as well. Until
   * then a power cut may leave the old content, no file or an empty one (which readers refuse).
   */
  public static void writeBeforeSync(Path target, byte[] content) throws IOException {
    replace(target, content, false);
  }

  /** Makes what {@link #writeBeforeSync} wrote survive a power cut: fsync of the file, then of its folder. */
  public static void sync(Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(target, StandardOpenOption.READ)) {
      channel.force(true);
    }
    syncDirectory(target.toAbsolutePath().getParent());
  }

  private static void replace(Path target, byte[] content, boolean syncFirst) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (syncFirst) {
        channel.force(true);
      }
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Moves a file that cannot be read aside, keeping it for inspection; returns where it went. */
  public static Path moveAside(Path file, String suffix) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + "." + suffix);
    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
    return aside;
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Some file systems cannot open a folder for sync; the rename itself is still atomic there.
    }
  }
}
