package dev.powerwatch.notify;

import java.util.List;
import java.util.Optional;

/** A notification not yet delivered everywhere: the channels still to succeed. */
public record OutboxEntry(Notification notification, List<String> pending) {
  public OutboxEntry {
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  OutboxEntry without(String channel) {
    return new OutboxEntry(notification, pending.stream().filter(c -> !c.equals(channel)).toList());
  }

  /** What makes an entry read from the file {@code stem}.json unfit to send, if anything. */
  static Optional<String> damage(OutboxEntry entry, String stem) {
    Notification n = entry == null ? null : entry.notification();
    if (n == null) {
      return Optional.of("it holds no notification");
    }
    if (!Outbox.isValidId(n.id()) || !n.id().equals(stem)) {
      return Optional.of("its id does not match its file name");
    }
    if (n.kind() == null || n.severity() == null || n.title() == null || n.message() == null
        || n.createdAt() == null) {
      return Optional.of("it lacks kind, severity, title, message or createdAt");
    }
    if (entry.pending().isEmpty()) {
      return Optional.of("it names no channel to deliver to");
    }
    return Optional.empty();
  }
}
