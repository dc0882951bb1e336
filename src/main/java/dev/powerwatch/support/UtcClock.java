package dev.powerwatch.support;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock whose instant a subclass decides; it reads in UTC, and asking for another zone changes nothing. */
public abstract class UtcClock extends Clock {
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
