package dev.powerwatch.debounce;

import dev.powerwatch.notify.Notification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Debouncer saves that a notice went out only once the Notifier has it in its outbox, so a
 * crash between the two leaves a notice in the outbox that the saved state does not know of. After
 * the restart the outbox delivers it; the state must count it as sent, or the Debouncer makes the
 * same notice again under a new id and the phone shows it twice.
 */
public final class QueuedNotices {
  private QueuedNotices() {}

  /** {@code saved} with each of {@code queued} (oldest first) counted as sent where it is not yet. */
  public static Map<AlertKey, AlertRecord> counted(Map<AlertKey, AlertRecord> saved, List<Notification> queued) {
    Map<AlertKey, AlertRecord> alerts = new LinkedHashMap<>(saved);
    for (Notification notice : queued) {
      AlertKey key = new AlertKey(notice.homeId(), notice.rule());
      AlertRecord record = alerts.getOrDefault(key, AlertRecord.fresh());
      if (notice.kind() == Notification.Kind.RESOLVED) {
        if (resolvedUnknown(record, notice)) {
          alerts.put(key, record.resolvedSent());
        }
      } else if (record.lastSentAt() == null || record.lastSentAt().isBefore(notice.createdAt())) {
        AlertRecord firing = record.firing() ? record : record.firingSince(notice.createdAt(), notice.values());
        alerts.put(key, firing.sent(notice.createdAt()));
      }
    }
    return alerts;
  }

  /** The saved state still fires, or holds the resolved notice, from before this resolved notice was made. */
  private static boolean resolvedUnknown(AlertRecord record, Notification notice) {
    boolean sameFiring = record.since() == null || record.since().isBefore(notice.createdAt());
    return sameFiring && (record.firing() || record.resolvedHeld());
  }
}
