package dev.powerwatch.notify;

import java.util.List;

/** A notification not yet delivered everywhere: the channels still to succeed. */
public record OutboxEntry(Notification notification, List<String> pending) {
  public OutboxEntry {
    pending = List.copyOf(pending);
  }

  OutboxEntry without(String channel) {
    return new OutboxEntry(notification, pending.stream().filter(c -> !c.equals(channel)).toList());
  }
}
