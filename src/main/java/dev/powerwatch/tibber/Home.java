package dev.powerwatch.tibber;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * A home on the Tibber account, as {@code viewer.homes} lists it.
 *
 * @param address the first line of its address, or {@code null}
 */
public record Home(String id, String nickname, String timeZone, boolean realTimeConsumptionEnabled, String address) {

  public Home(String id, String nickname, String timeZone, boolean realTimeConsumptionEnabled) {
    this(id, nickname, timeZone, realTimeConsumptionEnabled, null);
  }

  /** The home's time zone, or this machine's when Tibber gives none or one Java does not know. */
  public ZoneId zone() {
    try {
      return timeZone == null ? ZoneId.systemDefault() : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return ZoneId.systemDefault();
    }
  }

  /** The nickname given in the Tibber app, else the address, else the id. */
  public String displayName() {
    if (nickname != null && !nickname.isBlank()) {
      return nickname;
    }
    return address == null || address.isBlank() ? id : address;
  }
}
