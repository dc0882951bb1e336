package dev.powerwatch.cluster;

import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.Silence;
import dev.powerwatch.notify.Notification;
import java.time.Instant;
import java.util.List;

/**
 * What a home's journal keeps: only what must outlive the node that hosts the home (alert
 * transitions and cooldown starts, notices queued, each channel's acceptance, silences), never the
 * measurements. Every event carries the version of its shape, so a reader of an old journal can
 * tell; {@link #CURRENT} is written today.
 */
public sealed interface HomeEvent extends CborSerializable {
  int CURRENT = 1;

  int version();

  /** A rule's alert record as the debounce decisions left it (fired, notified, resolved ...). */
  record AlertRecorded(int version, String rule, AlertRecord record) implements HomeEvent {
    public AlertRecorded(String rule, AlertRecord record) {
      this(CURRENT, rule, record);
    }
  }

  /** A notice to deliver on these channels, written before any push call. */
  record NoticeQueued(int version, Notification notification, List<String> channels) implements HomeEvent {
    public NoticeQueued {
      channels = List.copyOf(channels);
    }

    public NoticeQueued(Notification notification, List<String> channels) {
      this(CURRENT, notification, channels);
    }
  }

  /** A silence for this home, or for every home, as the node that took the request made it {@code at}. */
  record SilenceAdded(int version, Silence silence, Instant at) implements HomeEvent {
    public SilenceAdded(Silence silence, Instant at) {
      this(CURRENT, silence, at);
    }
  }

  /** A silence ended before its time; what it held back goes out on the next tick. */
  record SilenceEnded(int version, String silenceId, Instant at) implements HomeEvent {
    public SilenceEnded(String silenceId, Instant at) {
      this(CURRENT, silenceId, at);
    }
  }

  /** A channel is done with a notice: delivered, refused for good, or given up on. */
  record ChannelSettled(int version, String noticeId, String channel, String outcome) implements HomeEvent {
    public ChannelSettled(String noticeId, String channel, String outcome) {
      this(CURRENT, noticeId, channel, outcome);
    }
  }
}
