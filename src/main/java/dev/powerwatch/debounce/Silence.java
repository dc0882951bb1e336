package dev.powerwatch.debounce;

import java.time.Duration;
import java.time.Instant;

/**
 * Mutes the notices of a home's alerts (all of them, or one rule's) from {@code startsAt} until
 * {@code endsAt}, as Alertmanager's silences do. A notice it holds back is not lost: if the alert
 * still fires when the silence ends, it goes out then, once.
 *
 * @param homeId the home it mutes, or {@code null} for every home
 * @param rule the rule it mutes, or {@code null} for every rule
 * @param createdBy who or what made it ("api", "mqtt", a user's name)
 */
public record Silence(
    String id,
    String homeId,
    String rule,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String comment) {

  public boolean activeAt(Instant now) {
    return !now.isBefore(startsAt) && now.isBefore(endsAt);
  }

  public boolean mutes(AlertKey key, Instant now) {
    return activeAt(now) && (homeId == null || homeId.equals(key.homeId()))
        && (rule == null || rule.equals(key.rule()));
  }

  /** The silence as it looks once ended at {@code now}: it ends then, and starts no later. */
  public Silence endedAt(Instant now) {
    return new Silence(id, homeId, rule, startsAt.isAfter(now) ? now : startsAt, now, createdBy, comment);
  }

  /**
   * What someone asks for; the Debouncer checks it against the homes and rules it knows.
   *
   * @param startsAt when it starts, {@code null} for now
   * @param endsAt when it ends; or {@code null} with a {@code length} from its start
   */
  public record Request(String homeId, String rule, Instant startsAt, Instant endsAt, Duration length,
      String createdBy, String comment) {}
}
