package dev.powerwatch.tibber;

import java.time.DateTimeException;
import java.time.ZoneId;

/** A home on the Tibber account, as {@code viewer.homes} lists it. */
public record Home(String id, String nickname, String timeZone, boolean realTimeConsumptionEnabled) {

  /** The home's time zone, or this machine's when Tibber gives none or one Java does not know. */
  public ZoneId zone() {
    try {
      return timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return ZoneId.systemDefault();
    }
  }

  public String displayName() {
    return nickname == null || nickname.isBlank() ? id : nickname;
  }
}
