package dev.powerwatch.tibber;

import java.util.Set;

/** The screens a Tibber app push may open ({@code PushNotificationInput.screenToOpen}). */
public final class AppScreen {
  public static final Set<String> ALL = Set.of("HOME", "REPORTS", "CONSUMPTION", "COMPARISON", "DISAGGREGATION",
      "HOME_PROFILE", "CUSTOMER_PROFILE", "METER_READING", "NOTIFICATIONS", "INVOICES");

  private AppScreen() {}
}
