package dev.powerwatch.simulator;

import java.time.Instant;

/** A {@code sendPushNotification} the simulator received, as a phone would have shown it. */
public record RecordedPush(Instant receivedAt, String title, String message, String screenToOpen) {}
