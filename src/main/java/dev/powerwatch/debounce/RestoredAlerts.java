package dev.powerwatch.debounce;

import dev.powerwatch.notify.Notification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The alert state each start of the Debouncer begins from: the saved state with what the
 * Notifier's outbox holds counted as sent. The process start's is read once, before the Notifier
 * starts delivering (and removing) what a crash left in the outbox, so that the monitors and the
 * Debouncer begin from the same reading; a Debouncer restarted later reads both again.
 */
public final class RestoredAlerts {
  /**
   * @param saved the state file as read
   * @param alerts {@code saved} with the outbox counted as sent
   * @param processStart the process's first start, whose firing alerts wait for a fresh reading
   */
  public record Start(Map<AlertKey, AlertRecord> saved, Map<AlertKey, AlertRecord> alerts, boolean processStart) {}

  private final DebounceStore store;
  private final Supplier<List<Notification>> outbox;
  private final Start processStart;
  private final AtomicBoolean processStartTaken = new AtomicBoolean();

  /** Reads the state and {@code outbox} now; call it before the Notifier starts. */
  public RestoredAlerts(DebounceStore store, Supplier<List<Notification>> outbox) {
    this.store = store;
    this.outbox = outbox;
    this.processStart = read(true);
  }

  /** The alerts as the process started, for the monitors. */
  public Map<AlertKey, AlertRecord> atProcessStart() {
    return processStart.alerts();
  }

  /** The process start's reading the first time, a fresh one for each restart after it. */
  public Start next() {
    return processStartTaken.getAndSet(true) ? read(false) : processStart;
  }

  private Start read(boolean first) {
    Map<AlertKey, AlertRecord> saved = store.load();
    return new Start(saved, QueuedNotices.counted(saved, outbox.get()), first);
  }
}
