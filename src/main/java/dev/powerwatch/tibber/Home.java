package dev.powerwatch.tibber;

/** A home on the Tibber account, as {@code viewer.homes} lists it. */
public record Home(String id, String nickname, String timeZone, boolean realTimeConsumptionEnabled) {

  public String displayName() {
    return nickname == null || nickname.isBlank() ? id : nickname;
  }
}
