package dev.powerwatch.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.powerwatch.soak.SoakStateDir;
import dev.powerwatch.support.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox on a file system of its own that fills up or turns read-only, as a failing disk
 * would (a tmpfs, which needs root to mount; without it the test says so and is skipped). Its
 * trouble is told once, and over only once a file with content can be written again: the soak saw
 * "writing works again" after every notice delivered during an outage, because the notice never
 * written had no file to delete, and that delete worked.
 */
class OutboxOnAFailingDiskTest {
  @TempDir
  Path temp;
  private SoakStateDir disk;

  @BeforeEach
  void mount() throws Exception {
    disk = SoakStateDir.at(temp.resolve("state"));
    assumeTrue(disk.unavailable().isEmpty(), () -> disk.unavailable().orElseThrow());
  }

  @AfterEach
  void unmount() throws Exception {
    disk.close();
  }

  @Test
  void aNoticeDeliveredWhileTheDiskIsFullEndsNoTroubleUntilAFileCanBeWrittenAgain() throws Exception {
    Outbox outbox = new Outbox(disk.path(), Json.mapper());
    disk.fill();
    OutboxEntry entry = new OutboxEntry(ChannelRequestTest.NOTICE, List.of("tibber"));
    assertFalse(outbox.save(entry), "saved on a full disk");
    Optional<String> full = outbox.problem();
    assertTrue(full.isPresent(), "no trouble told");

    outbox.remove(entry.notification().id());
    assertEquals(full, outbox.problem(), "delivered and removed, but nothing could be written");
    outbox.flush();
    assertEquals(full, outbox.problem(), "flushed, but the disk is still full");

    disk.free();
    outbox.flush();
    assertEquals(Optional.empty(), outbox.problem(), "the disk has room again");
  }

  @Test
  void aReadOnlyDiskIsTroubleUntilItTakesFilesAgain() throws Exception {
    Outbox outbox = new Outbox(disk.path(), Json.mapper());
    assertTrue(outbox.save(new OutboxEntry(ChannelRequestTest.NOTICE, List.of("tibber"))));
    disk.readOnly(true);
    try {
      outbox.remove(ChannelRequestTest.NOTICE.id());
      assertTrue(outbox.problem().isPresent(), "a delete refused told no trouble");
      assertTrue(outbox.hasUnwritten(), "the delete is not remembered for later");
      outbox.flush();
      assertTrue(outbox.problem().isPresent(), "flushed on a read-only disk");
    } finally {
      disk.readOnly(false);
    }
    outbox.flush();
    assertEquals(Optional.empty(), outbox.problem());
    assertEquals(List.of(), outbox.loadAll(), "the delivered entry deleted once it could be");
  }
}
