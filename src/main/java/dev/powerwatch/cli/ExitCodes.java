package dev.powerwatch.cli;

/** sysexits.h codes, so systemd's RestartPreventExitStatus can tell a bad config from a crash. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 64;
  public static final int UNAVAILABLE = 69;
  public static final int SOFTWARE = 70;
  /** Try again: a cluster node that the others downed, for systemd to start again so that it rejoins. */
  public static final int TEMPFAIL = 75;
  public static final int CONFIG = 78;

  private ExitCodes() {}
}
