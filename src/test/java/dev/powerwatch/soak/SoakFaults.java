package dev.powerwatch.soak;

import dev.powerwatch.soak.SoakPlan.Fault;
import dev.powerwatch.soak.SoakPlan.FaultKind;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Plays a soak's faults, one after the other at their moments, against the simulator and the push service. */
final class SoakFaults implements Runnable {
  /**
   * A fault as it happened, in real time; {@code stopped} is when the daemon's process had ended
   * where the fault stops it, else when the fault began.
   */
  record Applied(FaultKind kind, Instant began, Instant stopped, Instant ended) {}

  /** Real time without a new connection after which the feed counts as settled (a reconnect takes 100 ms to 2 s). */
  private static final Duration SETTLED = Duration.ofMillis(2_500);

  private final List<Fault> faults;
  private final SoakPlan plan;
  private final Instant anchor;
  private final SimulatorControls simulator;
  private final PushReceiver push;
  private final SoakDaemon daemon;
  private final DaemonApi api;
  private final List<String> homeIds;
  private final NoticesMade notices;
  private final SoakStateDir stateDir;
  private final SoakBroker broker;
  private final SoakWallClock wallClock;
  private final SoakTimeline time;
  private final List<Applied> applied = new ArrayList<>();
  private final List<DaemonApi.Silence> silences = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int killsAtANotice;
  private int reached;
  /** The daemon keeps its homes in a journal in the state directory: a full disk stops their entities. */
  private final boolean journaled;
  /** The fault under way, until it has ended. */
  private Fault unsettled;
  /** When the fault under way took hold; null while a step of the wall clock or a kill waits for its moment. */
  private Instant unsettledSince;

  SoakFaults(SoakPlan plan, Instant anchor, int simulatorPort, PushReceiver push, SoakDaemon daemon, DaemonApi api,
      List<String> homeIds, SoakStateDir stateDir, SoakBroker broker, SoakWallClock wallClock, NoticesMade notices,
      boolean journaled) {
    this.journaled = journaled;
    this.daemon = daemon;
    this.faults = plan.faults().stream().filter(f -> playable(f.kind())).toList();
    this.plan = plan;
    this.anchor = anchor;
    this.simulator = new SimulatorControls(simulatorPort);
    this.push = push;
    this.api = api;
    this.homeIds = List.copyOf(homeIds);
    this.notices = notices;
    this.stateDir = stateDir;
    this.broker = broker;
    this.wallClock = wallClock;
    this.time = new SoakTimeline(plan, anchor);
  }

  synchronized List<Applied> applied() {
    return List.copyOf(applied);
  }

  /** The silences made through the API, as the daemon answered (an ended one with its end). */
  synchronized List<DaemonApi.Silence> silences() {
    return List.copyOf(silences);
  }

  /** How many KILL_AT_NOTICE faults found a notice just made (the rest killed at a random point). */
  synchronized int killsAtANotice() {
    return killsAtANotice;
  }

  /** The kinds of fault whose every turn came after the run had ended. */
  synchronized java.util.Set<FaultKind> unreached() {
    java.util.Set<FaultKind> kinds = java.util.EnumSet.noneOf(FaultKind.class);
    faults.subList(reached, faults.size()).forEach(f -> kinds.add(f.kind()));
    faults.subList(0, reached).forEach(f -> kinds.remove(f.kind()));
    return kinds;
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void run() {
    try {
      for (Fault fault : faults) {
        waitUntil(anchor.plus(plan.real(fault.at())));
        synchronized (this) {
          reached++;
        }
        play(fault);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void play(Fault fault) throws InterruptedException {
    if (fault.kind().onStateDir() && stateDir.unavailable().isPresent() || fault.kind().onBroker() && broker.unavailable().isPresent()
        || fault.kind().onWallClock() && wallClock.unavailable().isPresent()) {
      return;
    }
    Instant began = RealTime.now();
    synchronized (this) {
      unsettled = fault;
      unsettledSince = fault.kind().onWallClock() || fault.kind() == FaultKind.KILL_AT_NOTICE ? null : began;
    }
    try {
      if (fault.kind() == FaultKind.SILENCE_API) {
        silence(fault);
      } else if (fault.kind() == FaultKind.SILENCE_MQTT) {
        mute(fault);
      } else if (fault.kind().onWallClock()) {
        Applied step = stepWallClock(fault);
        synchronized (this) {
          applied.add(step);
          unsettled = null;
        }
        return;
      } else if (fault.kind() == FaultKind.KILL_AT_NOTICE) {
        began = killAtANotice();
        tookHold(began);
        TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
        end(fault.kind());
      } else {
        begin(fault.kind());
        if (!fault.lasts().isZero()) {
          TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
          end(fault.kind());
        }
        if (stopsAlerting(fault.kind()) && !fault.kind().restarts()) {
          SoakWait.untilTrue("every home to answer again after " + fault.kind(), Duration.ofSeconds(20),
              () -> api.homesHosted() == homeIds.size());
        }
      }
      played(fault.kind(), began);
      if (fault.kind().restarts()) {
        awaitSubscription();
      }
    } catch (IOException e) {
      synchronized (this) {
        problems.add(fault.kind() + " could not be played: " + e);
      }
    }
  }

  /**
   * Whether the fault can be played on this daemon: a read-only state directory cannot under a
   * journal (it keeps its file open for writing, and Linux refuses to remount under it).
   */
  private boolean playable(FaultKind kind) {
    return !(journaled && kind == FaultKind.STATE_READONLY);
  }

  /**
   * Whether the fault stops the daemon's alerting until it has ended: a stop of the process, or a
   * full disk under a journal (its homes' entities stop, and start again once it has room).
   */
  boolean stopsAlerting(FaultKind kind) {
    return kind.restarts() || journaled && kind == FaultKind.STATE_FULL;
  }

  /**
   * Ends the fault the end of the run cut short (a token left revoked, a broker left stopped, a
   * daemon left down or still stopping, whose exit is waited for), so that what the daemon holds can
   * be asked of it.
   */
  void settle() throws IOException, InterruptedException {
    Fault fault;
    Instant since;
    synchronized (this) {
      fault = unsettled;
      since = unsettledSince;
      unsettled = null;
    }
    if (fault == null || fault.kind() == FaultKind.SILENCE_API || fault.kind() == FaultKind.SILENCE_MQTT) {
      return;
    }
    if (fault.kind().onWallClock()) {
      wallClock.step(Duration.ZERO);
    } else if (!fault.kind().restarts()) {
      end(fault.kind());
    } else if (daemon.stopAsked()) {
      if (daemon.running()) {
        daemon.awaitStop();
      }
      end(fault.kind());
    }
    if (since != null) {
      played(fault.kind(), since);
    }
  }

  /**
   * The fault that {@code began} counts as played up to now (one the end of the run cut short too:
   * the oracle must know of it); a restart's stop from when the process had ended.
   */
  private synchronized void played(FaultKind kind, Instant began) {
    Instant exited = daemon.exitedAt();
    Instant stopped = kind.restarts() && exited != null && exited.isAfter(began) ? exited : began;
    applied.add(new Applied(kind, began, stopped, RealTime.now()));
    unsettled = null;
  }

  private synchronized void tookHold(Instant since) {
    unsettledSince = since;
  }

  private void begin(FaultKind kind) throws IOException, InterruptedException {
    switch (kind) {
      case DROP -> simulator.post("drop");
      case CLOSE_1001 -> simulator.post("close?code=1001&reason=going+away");
      case CLOSE_4500 -> simulator.post("close?code=4500&reason=internal+error");
      case CLOSE_4429 -> simulator.post("close?code=4429&reason=too+many+requests");
      case STALL -> simulator.post("stall?on=true");
      case REVOKE_4403 -> {
        simulator.post("revoke-tokens");
        simulator.post("close?code=4403&reason=token+revoked");
      }
      case NO_ACK -> {
        simulator.post("withhold-ack?on=true");
        simulator.post("drop");
      }
      case MALFORMED_FRAMES -> {
        simulator.post("raw", "not json at all");
        simulator.post("raw", "{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":"
            + "{\"timestamp\":\"yesterday\",\"power\":\"lots\"}}}}");
      }
      case OVERSIZED_FRAME -> simulator.post("raw", "x".repeat(2 << 20));
      case API_429 -> {
        simulator.post("rate-limit?requests=2&retry-after=1");
        simulator.post("close?code=4500&reason=internal+error");
      }
      case PUSH_500 -> push.answer(PushReceiver.Mode.ERROR_500);
      case PUSH_429 -> push.answer(PushReceiver.Mode.TOO_MANY_429);
      case PUSH_HTML_200 -> push.answer(PushReceiver.Mode.HTML_200);
      case PUSH_HANG -> push.answer(PushReceiver.Mode.HANG);
      case PUSH_REFUSED -> push.refuse();
      case SIGKILL -> daemon.kill();
      case STATE_FULL -> stateDir.fill();
      case STATE_READONLY -> stateDir.readOnly(true);
      case KILL_AT_NOTICE -> killAtANotice();
      case MQTT_GONE -> broker.stop();
      case SILENCE_API, SILENCE_MQTT, CLOCK_AHEAD, CLOCK_BEHIND ->
          throw new IllegalArgumentException(kind + " is played on its own");
      case SIGTERM -> {
        int exit = daemon.terminate();
        if (exit != 0) {
          synchronized (this) {
            problems.add("the daemon exited " + exit + " after SIGTERM, not 0");
          }
        }
      }
    }
  }

  private void end(FaultKind kind) throws IOException, InterruptedException {
    switch (kind) {
      case STALL -> simulator.post("stall?on=false");
      case API_429 -> simulator.post("rate-limit?requests=0&retry-after=1");
      case REVOKE_4403 -> simulator.post("restore-tokens");
      case NO_ACK -> simulator.post("withhold-ack?on=false");
      case PUSH_REFUSED -> push.listenAgain();
      case STATE_FULL -> stateDir.free();
      case STATE_READONLY -> stateDir.readOnly(false);
      case MQTT_GONE -> broker.startAgain();
      case SIGKILL, SIGTERM, KILL_AT_NOTICE -> daemon.start();
      default -> push.answer(PushReceiver.Mode.OK);
    }
  }

  /**
   * A silence for one home through the API, held for the fault's time: ended through the API when
   * that is shorter than the silence, else left to expire by itself.
   */
  private void silence(Fault fault) throws IOException, InterruptedException {
    DaemonApi.Silence made = api.silence(homeIds.get(fault.home()), fault.silenceFor())
        .heldBy(time.simulated(RealTime.now()));
    synchronized (this) {
      silences.add(made);
    }
    TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
    if (fault.lasts().compareTo(plan.real(fault.silenceFor())) < 0) {
      DaemonApi.Silence ended = api.end(made.id()).heldBy(made.heldBy());
      synchronized (this) {
        silences.set(silences.indexOf(made), ended);
      }
    }
  }

  /**
   * A home muted with MQTT's mute button once the daemon is connected to the broker, held for the
   * fault's time: unmuted with the unmute button when that is shorter than the mute, else left to
   * expire. The silence's end through the button is known between the press and the moment the
   * API no longer lists it.
   */
  private void mute(Fault fault) throws IOException, InterruptedException {
    SoakWait.untilTrue("the daemon to be connected to the MQTT broker", Duration.ofSeconds(15), api::mqttConnected);
    String home = homeIds.get(fault.home());
    java.util.Set<String> before = api.silences().stream().map(DaemonApi.Silence::id)
        .collect(java.util.stream.Collectors.toSet());
    broker.press(home, "mute");
    DaemonApi.Silence made = SoakWait.forValue("a silence made by the mute button", Duration.ofSeconds(2),
        () -> api.silences().stream().filter(s -> s.homeId().equals(home) && !before.contains(s.id())).findFirst())
        .heldBy(time.simulated(RealTime.now()));
    synchronized (this) {
      silences.add(made);
    }
    TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
    if (fault.lasts().compareTo(plan.real(fault.silenceFor())) < 0) {
      Instant pressed = time.simulated(RealTime.now());
      broker.press(home, "unmute");
      SoakWait.untilTrue("the unmute button to end the silence", Duration.ofSeconds(2),
          () -> api.silences().stream().noneMatch(s -> s.id().equals(made.id())));
      DaemonApi.Silence ended = made.endedBetween(pressed, time.simulated(RealTime.now()));
      synchronized (this) {
        silences.set(silences.indexOf(made), ended);
      }
    }
  }

  /**
   * Steps the daemon's wall clock an hour forward or back for the fault's time, once its feed is
   * up, and sets it right; the feed must not notice (its watchdog and backoff run on the monotonic
   * clock): the simulator may see no new connection meanwhile.
   */
  private Applied stepWallClock(Fault fault) throws IOException, InterruptedException {
    long connections = awaitSettledFeed();
    Instant began = RealTime.now();
    tookHold(began);
    wallClock.step(fault.kind().wallStep());
    TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
    wallClock.step(Duration.ZERO);
    Applied step = new Applied(fault.kind(), began, began, RealTime.now());
    TimeUnit.MILLISECONDS.sleep(200);
    long more = connections() - connections;
    if (more > 0) {
      synchronized (this) {
        problems.add(fault.kind() + " from " + time.simulated(began) + ": the feed connected " + more
            + " time(s) anew while the wall clock was stepped");
      }
    }
    return step;
  }

  /**
   * Waits (at most 15 s) until the feed has settled after the faults before: /ready says 200 and no
   * new connection came for {@link #SETTLED}, so that a reconnect those faults caused is not taken
   * for one a step of the wall clock caused. The connections so far.
   */
  private long awaitSettledFeed() throws IOException, InterruptedException {
    return SoakWait.forValue("the feed to settle before a step of the wall clock", Duration.ofSeconds(15), () -> {
      long before = connections();
      TimeUnit.NANOSECONDS.sleep(SETTLED.toNanos());
      long after = connections();
      return after == before && api.status("ready") == 200 ? Optional.of(after) : Optional.empty();
    });
  }

  /** How many connections the feed has opened to the simulator so far. */
  private long connections() throws IOException, InterruptedException {
    return simulator.status().path("connectionAttempts").asLong();
  }

  /**
   * SIGKILL as soon as a notice is made (written to the outbox, or to the journal), before or while
   * it is sent (after 20 s without one, at that moment); when it was killed.
   */
  private Instant killAtANotice() throws InterruptedException {
    Optional<Instant> made = notices.awaitNext(Duration.ofSeconds(20));
    Instant killed = RealTime.now();
    daemon.kill();
    if (made.isPresent()) {
      synchronized (this) {
        killsAtANotice++;
      }
    }
    return killed;
  }

  /**
   * Waits (at most 20 s) for the restarted daemon to subscribe, so that the next fault finds a feed
   * to act on.
   */
  private void awaitSubscription() throws IOException, InterruptedException {
    long since = System.currentTimeMillis();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      if (simulator.status().path("lastSubscribeEpochMillis").asLong() >= since) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static void waitUntil(Instant moment) throws InterruptedException {
    long nanos = java.time.Duration.between(RealTime.now(), moment).toNanos();
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
