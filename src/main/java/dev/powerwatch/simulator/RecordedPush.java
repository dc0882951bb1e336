package dev.powerwatch.simulator;

import java.time.Instant;

/**
 * A {@code sendPushNotification} the simulator received, as a phone would have shown it.
 *
 * @param token the account whose phones it went to
 */
public record RecordedPush(Instant receivedAt, String title, String message, String screenToOpen, String token) {}
