package dev.powerwatch.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.powerwatch.LogCapture;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WriteTroubleTest {
  private final WriteTrouble trouble = new WriteTrouble(LoggerFactory.getLogger(WriteTroubleTest.class),
      "kept in memory");

  /** A read-only folder refuses writes and deletes in turn; the soak's outages logged each turn. */
  @Test
  void problemsThatTakeTurnsAreEachToldOnceUntilWritingWorksAgain() throws Exception {
    var events = LogCapture.during(() -> {
      for (int i = 0; i < 3; i++) {
        trouble.failed("cannot write the outbox");
        trouble.failed("cannot delete in the outbox");
      }
      assertEquals(Optional.of("cannot delete in the outbox"), trouble.problem());
      trouble.succeeded();
      trouble.succeeded();
      trouble.failed("cannot write the outbox");
    });
    assertEquals(List.of("State directory: cannot write the outbox; kept in memory",
        "State directory: cannot delete in the outbox; kept in memory",
        "State directory: cannot write the outbox; kept in memory"), LogCapture.at(events, "ERROR"));
    assertEquals(List.of("State directory: writing works again (it was: cannot delete in the outbox)"),
        LogCapture.at(events, "INFO"));
    assertEquals(Optional.of("cannot write the outbox"), trouble.problem());
  }
}
