package dev.powerwatch.notify;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a notice's quiet hours hold it back now, and until when. The Debouncer makes no notice
 * in quiet hours; this keeps one that could not be delivered before they began from arriving
 * during them.
 */
public interface QuietHold {
  QuietHold NEVER = (notice, now) -> Optional.empty();

  /** The end of the quiet hours that hold {@code notice} at {@code now}; empty when it may go. */
  Optional<Instant> until(Notification notice, Instant now);
}
