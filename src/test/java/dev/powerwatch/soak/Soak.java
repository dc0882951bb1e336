package dev.powerwatch.soak;

import dev.powerwatch.notify.Outbox;
import dev.powerwatch.notify.OutboxEntry;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.support.CompressedClock;
import dev.powerwatch.support.FreePorts;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The soak: the daemon's jar against the simulator in compressed time, a month of a few homes'
 * consumption in minutes, every notice counted against {@link SoakOracle}.
 *
 * <p>{@code java -cp ... dev.powerwatch.soak.Soak SEED DAYS [SPEED [ACCOUNTS]]} runs one from bench/soak.
 */
public final class Soak {
  private static final Duration LAG = Duration.ofMinutes(10);
  /**
   * How long after its first reading a daemon just started (its JIT cold; on two tokens the cluster
   * forming and the journal opening) may decide late: some hundreds of milliseconds, an hour at
   * 4,320 times real time. The same after each restart.
   */
  static final Duration START_UP = Duration.ofHours(1);
  private static final Duration STARTUP = Duration.ofSeconds(4);
  /**
   * Real time: on two tokens a home's readings wait while its journal takes an event, which may
   * take a fifth of a second when its write path is still cold (a quarter of an hour at 4,320
   * times); a wait up to this long moves the hour rule's due times on by as much.
   */
  private static final Duration JOURNAL_WAIT = Duration.ofMillis(500);
  /** Real time: the daemon writes what the disk refused on a tick (10 ms) once it can again. */
  private static final Duration WRITES_AGAIN_WITHIN = Duration.ofMillis(250);
  /**
   * Real time: a cluster's home whose journal write failed starts again, from what its journal
   * kept, after at most a second's pause once the disk has room; a little more for its recovery.
   */
  private static final Duration JOURNAL_BACK_WITHIN = Duration.ofSeconds(2);

  /** The second account's token, the simulator's and the daemon's (the first is the simulator's demo token). */
  private static final String SECOND_TOKEN = "soak-second-account-token";

  private final SoakPlan plan;
  private final Path jar;
  private final Path work;
  private final int accounts;
  private final List<Process> processes = new ArrayList<>();
  private SoakDaemon daemon;
  private long peakRssKb;

  /**
   * @param accounts 1: one token, one process; 2: the homes split over two tokens, which the daemon
   *     runs as a one-node cluster with its journal in the state directory
   */
  public Soak(SoakPlan plan, Path jar, Path work, int accounts) {
    if (accounts < 1 || accounts > 2) {
      throw new IllegalArgumentException("one account or two, not " + accounts);
    }
    this.plan = plan;
    this.jar = jar;
    this.work = work;
    this.accounts = accounts;
  }

  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : new java.util.Random().nextLong();
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    double speed = args.length > 2 ? Double.parseDouble(args[2]) : 4_320;
    int accounts = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    SoakPlan plan = new SoakPlan(seed, 4, Duration.ofDays(days), speed, Instant.parse("2026-03-10T00:00:00Z"));
    System.out.println("soak: seed " + seed + ", " + days + " simulated days at " + speed + " times real time, "
        + accounts + " account(s)");
    Path work = Files.createTempDirectory("powerwatch-soak");
    System.out.println("soak: the run's files are in " + work);
    SoakReport report = new Soak(plan, Path.of(System.getProperty("soak.jar", "target/powerwatch.jar")), work,
        accounts).run();
    System.out.println(report.table());
    report.failures().forEach(f -> System.out.println("FAILED: " + f));
    System.exit(report.failures().isEmpty() ? 0 : 1);
  }

  public SoakReport run() throws Exception {
    List<Integer> ports = FreePorts.take(4);
    Instant anchor = RealTime.now().plus(STARTUP);
    Path deliveries = work.resolve("deliveries.tsv");
    try (PushReceiver receiver = new PushReceiver(
        CompressedClock.onMonotonic(plan.origin(), RealTime.nanoTimeAt(anchor), plan.speed()));
        SoakStateDir stateDir = SoakStateDir.at(work.resolve("state"));
        SoakBroker broker = SoakBroker.start(work.resolve("broker"))) {
      List<String> simulate = new ArrayList<>(List.of("-Xmx256m", "-cp", jar.toString(), "dev.powerwatch.Main",
          "simulate", "--port", String.valueOf(ports.get(0)), "--socket-port", String.valueOf(ports.get(1)),
          "--homes", String.valueOf(plan.homes()), "--interval", Math.max(1, plan.real(SoakPlan.STEP).toMillis()) + "ms",
          "--clock-speed", String.valueOf(plan.speed()), "--clock-origin", plan.origin().toString(),
          "--clock-anchor-nanos", String.valueOf(RealTime.nanoTimeAt(anchor)), "--deliveries", deliveries.toString()));
      simulate.addAll(accountsOnTheSimulator());
      start("simulator", simulate);
      SimulatorControls simulator = new SimulatorControls(ports.get(0));
      awaitSimulator(simulator);
      for (int i = 0; i < plan.homes(); i++) {
        simulator.post("profile?home=" + homeIds().get(i) + "&from=" + plan.origin() + "&step=" + SoakPlan.STEP,
            Json.mapper().writeValueAsString(plan.profile(i)));
      }
      SoakWallClock wallClock = new SoakWallClock(work.resolve("wall-clock-offset"), plan.speed());
      Thread followingTheMachinesClock = new Thread(wallClock::followTheMachinesClock, "soak-wall-clock");
      followingTheMachinesClock.setDaemon(true);
      if (wallClock.unavailable().isEmpty()) {
        followingTheMachinesClock.start();
      }
      daemon = new SoakDaemon(jar, writeConfig(ports, anchor, receiver, broker, wallClock),
          work.resolve("daemon.log"), wallClock, accounts == 1 ? "-Xmx96m" : "-Xmx160m");
      NoticesMade made = accounts == 1 ? new OutboxWatch(stateDir.path()) : new NoticeLog(work.resolve("daemon.log"));
      Thread watchingNotices = new Thread(made, "soak-notices-made");
      watchingNotices.setDaemon(true);
      watchingNotices.start();
      daemon.start();
      DaemonApi api = new DaemonApi(ports.get(2));
      SoakFaults faults = new SoakFaults(plan, anchor, ports.get(0), receiver, daemon, api, homeIds(), stateDir, broker,
          wallClock, made, accounts > 1);
      Thread faulting = new Thread(faults, "soak-faults");
      faulting.setDaemon(true);
      faulting.start();
      SoakWatch watch = new SoakWatch(api, daemon);
      Thread watching = new Thread(watch, "soak-watch");
      watching.setDaemon(true);
      watching.start();
      Instant realEnd = anchor.plus(plan.real(plan.length()));
      List<String> failures = new ArrayList<>();
      while (RealTime.now().isBefore(realEnd) && daemon.endedByItself().isEmpty()) {
        peakRssKb = Math.max(peakRssKb, daemon.rssKb());
        TimeUnit.MILLISECONDS.sleep(500);
      }
      faulting.interrupt();
      faulting.join();
      watching.interrupt();
      watching.join();
      faults.settle();
      Optional<Held> inTheJournal = accounts == 1 ? Optional.empty() : Optional.of(heldInTheJournal(daemon, api));
      SoakTimeline time = new SoakTimeline(plan, anchor);
      Files.write(work.resolve("faults.log"), faults.applied().stream().map(f -> f.kind() + " " + f.began() + " "
          + f.stopped() + " " + f.ended() + " " + time.simulated(f.began())).toList());
      failures.addAll(faults.problems());
      daemon.endedByItself().ifPresent(exit -> failures.add("the daemon ended by itself with exit " + exit + " ("
          + work.resolve("daemon.log") + ")"));
      daemon.close();
      watchingNotices.interrupt();
      watchingNotices.join();
      followingTheMachinesClock.interrupt();
      processes.forEach(Soak::stop);
      Held held = inTheJournal.orElseGet(this::heldInTheOutbox);
      SoakReport report = judge(readings(deliveries, held.asked().map(time::simulated)), receiver, held, time, faults,
          made, watch.samples(), RealTime.now(), failures);
      stateDir.unavailable().ifPresent(why -> report.notPlayed("STATE_FULL and STATE_READONLY", why));
      if (accounts > 1 && stateDir.unavailable().isEmpty()) {
        report.notPlayed("STATE_READONLY", "the journal keeps its file open for writing, and Linux refuses to"
            + " remount a file system read-only under it");
      }
      wallClock.unavailable().ifPresent(why -> report.notPlayed("CLOCK_AHEAD and CLOCK_BEHIND", why));
      java.util.Set<SoakPlan.FaultKind> unreached = faults.unreached();
      if (!unreached.isEmpty()) {
        report.notPlayed(unreached.toString(), "the faults before them ran past the end of the run");
      }
      broker.unavailable().ifPresent(why -> report.notPlayed("MQTT_GONE and SILENCE_MQTT", why));
      return report;
    } finally {
      if (daemon != null && daemon.running()) {
        daemon.kill();
      }
      processes.forEach(Process::destroyForcibly);
    }
  }

  private SoakReport judge(Map<String, List<SoakOracle.Reading>> readings, PushReceiver receiver,
      Held held, SoakTimeline time, SoakFaults faults, NoticesMade made, List<SoakWatch.Sample> watched, Instant runEnd,
      List<String> failures) throws IOException {
    List<SoakFaults.Applied> applied = faults.applied();
    WallSteps wallSteps = new WallSteps(applied.stream().filter(f -> f.kind().onWallClock())
        .map(f -> new WallSteps.Step(time.simulated(f.began()), time.simulated(f.ended()), f.kind().wallStep()))
        .toList());
    SoakOracle oracle = new SoakOracle(LAG, Duration.ofMinutes(1), wallSteps);
    List<Instant> readingTimes = readings.values().stream().flatMap(List::stream).map(SoakOracle.Reading::at)
        .sorted().toList();
    Map<String, List<PushReceiver.Notice>> noticesByHome = new HashMap<>();
    java.util.Set<String> arrived = receiver.notices().stream().map(PushReceiver.Notice::id)
        .collect(java.util.stream.Collectors.toSet());
    java.util.Set<String> settled = new java.util.HashSet<>(arrived);
    held.notices().forEach(n -> settled.add(n.id()));
    java.util.stream.Stream.of(receiver.notices().stream(),
            held.notices().stream().filter(n -> held.asked().isEmpty() || !arrived.contains(n.id())),
            SoakReport.givenUpOn(receiver.refusals(), settled))
        .flatMap(s -> s)
        .filter(n -> held.asked().isEmpty() || made.madeAt(n.id()).map(at -> !at.isAfter(held.asked().get())).orElse(true))
        .map(n -> madeOnTheRunsClock(n, wallSteps, made, time))
        .forEach(n -> noticesByHome.computeIfAbsent(n.homeId(), h -> new ArrayList<>()).add(n));
    List<Instant> startedAgain = applied.stream().filter(f -> faults.stopsAlerting(f.kind()))
        .map(SoakFaults.Applied::ended).toList();
    SoakReport report = new SoakReport(plan, peakRssKb, accounts);
    report.unrecorded(unrecorded(applied, time, faults, accounts > 1));
    report.wallSteps(wallSteps);
    SoakHours hours = new SoakHours(LAG);
    for (int i = 0; i < plan.homes(); i++) {
      String home = homeIds().get(i);
      List<SoakOracle.Reading> sent = readings.getOrDefault(home, List.of());
      List<Instant> homesReadings = sent.stream().map(SoakOracle.Reading::at).sorted().toList();
      List<SoakOracle.Blur> blurs = new ArrayList<>(blurs(applied, faults, time, homesReadings));
      homesReadings.stream().findFirst().ifPresent(first -> blurs.add(new SoakOracle.Blur(plan.origin(),
          first.plus(START_UP))));
      List<SoakOracle.Downtime> downtimes = downtimes(applied, faults, time, homesReadings);
      Instant end = sent.isEmpty() ? plan.origin() : sent.get(sent.size() - 1).at();
      List<SoakOracle.Silence> silences = faults.silences().stream().filter(s -> s.homeId().equals(home))
          .map(s -> new SoakOracle.Silence(s.startsAt(), s.heldBy(), s.endsAt(), s.endsBy())).toList();
      List<SoakOracle.Episode> episodes = oracle.stretched(SoakOracle.episodes(sent), sent, blurs);
      List<PushReceiver.Notice> notices = noticesByHome.getOrDefault(home, List.of());
      report.judgeHome(home, sent.size(), oracle.expected(episodes, end, blurs, downtimes, silences),
          ofRule(notices, SoakPlan.THRESHOLD_RULE), LAG, startedAgain, silences);
      SoakHours.Profile profile = new SoakHours.Profile(plan.origin(), SoakPlan.STEP, plan.profile(i));
      report.judgeHours(home, hours.hours(profile, sent, blurs, silences, end),
          ofRule(notices, SoakPlan.HOUR_RULE), startedAgain, silences, journalWaits(notices, made, time));
      notices.stream().filter(n -> !List.of(SoakPlan.THRESHOLD_RULE, SoakPlan.HOUR_RULE).contains(n.rule()))
          .forEach(n -> failures.add(home + ": a notice of a rule the run has not: " + n.rule()));
    }
    report.judgeFaults(applied, time, readingTimes, runEnd, watched);
    report.judgeWatch(watched);
    report.killsAtANotice(faults.killsAtANotice());
    writeNotices(receiver.notices());
    receiver.malformed().forEach(body -> failures.add("the webhook received a body that is not a notice: " + body));
    List<String> output = Files.readAllLines(work.resolve("daemon.log"));
    for (String secret : List.of(SimulatorConfig.DEMO_TOKEN, SECOND_TOKEN, receiver.key())) {
      for (int i = 0; i < output.size(); i++) {
        if (output.get(i).contains(secret)) {
          failures.add("a secret shows in the daemon's output, line " + (i + 1) + ": "
              + output.get(i).replace(secret, secret.substring(0, 4) + "…"));
        }
      }
    }
    report.addFailures(failures);
    return report;
  }

  /**
   * On two tokens, each time the home's readings waited for its journal to take a notice: from
   * when the notice was made to its "Notify" line, where that is at most {@link #JOURNAL_WAIT}.
   */
  private List<SoakOracle.Blur> journalWaits(List<PushReceiver.Notice> notices, NoticesMade made, SoakTimeline time) {
    if (accounts == 1) {
      return List.of();
    }
    return notices.stream().flatMap(n -> made.madeAt(n.id()).map(time::simulated).stream()
            .filter(logged -> logged.isAfter(n.at())
                && plan.real(Duration.between(n.at(), logged)).compareTo(JOURNAL_WAIT) <= 0)
            .map(logged -> new SoakOracle.Blur(n.at(), logged)))
        .toList();
  }

  /**
   * The notice with the time it was made on the run's clock, not the daemon's stepped one: told
   * apart by when it was seen made (in the outbox or the log), or else arrived.
   */
  private static PushReceiver.Notice madeOnTheRunsClock(PushReceiver.Notice n, WallSteps steps, NoticesMade made,
      SoakTimeline time) {
    Instant near = made.madeAt(n.id()).map(time::simulated).orElse(n.delivered() ? n.arrivedAt() : n.at());
    return new PushReceiver.Notice(n.id(), n.homeId(), n.rule(), n.kind(), steps.madeAt(n.at(), near), n.arrivedAt(),
        n.realArrival(), n.since(), n.givenUp(), n.stamped());
  }

  /**
   * From each fault on the state directory to a stop of the daemon that began during it, or after
   * it too soon for the daemon's next tick to write what it held (simulated). On a cluster a home
   * whose journal write failed starts again by itself: the whole fault, and its restart after it.
   */
  private static List<SoakOracle.Blur> unrecorded(List<SoakFaults.Applied> applied, SoakTimeline time,
      SoakFaults faults, boolean cluster) {
    List<SoakOracle.Blur> stretches = new ArrayList<>();
    for (SoakFaults.Applied fault : applied.stream().filter(f -> f.kind().onStateDir()).toList()) {
      if (cluster) {
        stretches.add(new SoakOracle.Blur(time.simulated(fault.began()),
            time.simulated(fault.ended().plus(JOURNAL_BACK_WITHIN))));
      } else {
        applied.stream().filter(stop -> faults.stopsAlerting(stop.kind()) && !stop.began().isBefore(fault.began())
                && !stop.began().isAfter(fault.ended().plus(WRITES_AGAIN_WITHIN)))
            .findFirst().ifPresent(stop -> stretches.add(
                new SoakOracle.Blur(time.simulated(fault.began()), time.simulated(stop.stopped()))));
      }
    }
    return stretches;
  }

  /**
   * Where readings the simulator sent may not have reached the daemon, or reached a daemon that
   * started its alerts afresh: the faults that cut the home's readings or the daemon's alerting,
   * each up to the home's next reading (with two tokens, one account's socket may be back long
   * before the other's).
   */
  private static List<SoakOracle.Blur> blurs(List<SoakFaults.Applied> applied, SoakFaults faults, SoakTimeline time,
      List<Instant> homesReadings) {
    return applied.stream().filter(f -> f.kind().onFeed() || faults.stopsAlerting(f.kind()))
        .map(f -> blur(f, time, homesReadings)).toList();
  }

  /** The stops of alerting, each until the daemon started again and until the home's next reading. */
  private static List<SoakOracle.Downtime> downtimes(List<SoakFaults.Applied> applied, SoakFaults faults,
      SoakTimeline time, List<Instant> homesReadings) {
    return applied.stream().filter(f -> faults.stopsAlerting(f.kind()))
        .map(f -> new SoakOracle.Downtime(time.simulated(f.began()), time.simulated(f.stopped()),
            time.simulated(f.ended()), decidingAgainBy(f.kind(), nextReading(f, time, homesReadings))))
        .toList();
  }

  /**
   * By when a home whose alerting {@code kind} stopped decides again, its first reading after the
   * fault having come at {@code firstReading}: a daemon just started decides its first readings up
   * to a {@link #START_UP} late.
   */
  static Instant decidingAgainBy(SoakPlan.FaultKind kind, Instant firstReading) {
    return kind.restarts() ? firstReading.plus(START_UP) : firstReading;
  }

  /** The home's first reading after the fault ended; its end where none came. */
  private static Instant nextReading(SoakFaults.Applied fault, SoakTimeline time, List<Instant> homesReadings) {
    Instant ended = time.simulated(fault.ended());
    return SoakTimeline.firstAfter(ended, homesReadings).orElse(ended);
  }

  /** A fault's blur, to the home's next reading after it and a {@link #START_UP} where it restarted the daemon. */
  private static SoakOracle.Blur blur(SoakFaults.Applied fault, SoakTimeline time, List<Instant> readingTimes) {
    Duration margin = SoakPlan.STEP.multipliedBy(2);
    Duration after = fault.kind().restarts() ? START_UP : SoakPlan.FOR.plus(margin);
    return new SoakOracle.Blur(time.simulated(fault.began()).minus(SoakPlan.FOR).minus(margin),
        nextReading(fault, time, readingTimes).plus(after));
  }

  /**
   * Every notice the webhook accepted, for a look after the run: id, home, kind, made, arrived (run's
   * clock), arrived (real), since (the alert's start the notice tells).
   */
  private void writeNotices(List<PushReceiver.Notice> notices) throws IOException {
    Files.write(work.resolve("notices.tsv"), notices.stream().map(n -> String.join("\t", n.id(), n.homeId(),
        n.kind().name(), n.at().toString(), n.arrivedAt().toString(), n.realArrival().toString(),
        String.valueOf(n.since()))).toList());
  }

  /**
   * The notices the daemon still held at the end: not lost, only not yet delivered (quiet hours or a
   * push service that was down held them until after the end of the run). Asked of a running daemon
   * at {@code asked}: the run is judged up to then; read from its stopped outbox: to the end.
   */
  private record Held(List<PushReceiver.Notice> notices, Optional<Instant> asked) {}

  private Held heldInTheOutbox() {
    return new Held(new Outbox(work.resolve("state"), Json.mapper()).loadAll().stream().map(OutboxEntry::notification)
        .map(n -> new PushReceiver.Notice(n.id(), n.homeId(), n.rule(), SoakOracle.Kind.valueOf(n.kind().name()),
            n.createdAt(), null, null, n.values().get("since"))).toList(), Optional.empty());
  }

  /**
   * A journal is not read from outside: the daemon, up (started again where a fault left it down)
   * and ready, tells what it holds.
   */
  private static Held heldInTheJournal(SoakDaemon daemon, DaemonApi api) throws IOException, InterruptedException {
    SoakWait.untilTrue("the daemon to be ready at the end of the run, to tell what it holds", Duration.ofSeconds(60),
        () -> {
          if (!daemon.running()) {
            daemon.start();
          }
          return api.status("ready") == 200;
        });
    Instant asked = RealTime.now();
    return new Held(api.waiting(), Optional.of(asked));
  }

  /**
   * With two accounts, the first half of the homes is the demo token's, the rest the second
   * token's; with one, the demo token sees them all.
   */
  private List<String> accountsOnTheSimulator() {
    if (accounts == 1) {
      return List.of();
    }
    return List.of("--account", SimulatorConfig.DEMO_TOKEN + "=" + String.join(",", homesOf(0)),
        "--account", SECOND_TOKEN + "=" + String.join(",", homesOf(1)));
  }

  private List<String> homesOf(int account) {
    int half = (plan.homes() + 1) / 2;
    return account == 0 ? homeIds().subList(0, half) : homeIds().subList(half, plan.homes());
  }

  /**
   * The second account and the one-node cluster it needs, its journal in the state directory. H2
   * keeps a chunk of its file for every commit for 45 s before it reuses the space; at the soak's
   * speed that is days of commits, more than the state directory holds, so it is scaled too.
   */
  private String clusterConfig(int clusterPort) throws IOException {
    if (accounts == 1) {
      return "";
    }
    Path tokenFile = Files.writeString(work.resolve("second-account.token"), SECOND_TOKEN);
    String homes = homesOf(1).stream().map(h -> '"' + h + '"').collect(java.util.stream.Collectors.joining(", "));
    return "tibber.accounts = [{ name = \"second\", token-file = \"" + tokenFile + "\", homes = [" + homes + "] }]\n"
        + "cluster { enabled = true, host = \"127.0.0.1\", port = " + clusterPort + ", seed-nodes = [\"127.0.0.1:"
        + clusterPort + "\"], stable-after = 1s, home-timeout = 50ms, database.url = \"jdbc:h2:file:"
        + work.resolve("state").resolve("journal").toAbsolutePath() + ";DB_CLOSE_DELAY=-1;RETENTION_TIME="
        + Math.max(1, plan.real(Duration.ofSeconds(45)).toMillis()) + "\" }";
  }

  private List<String> homeIds() {
    return SimulatorConfig.manyHomes(plan.homes()).stream().map(h -> h.id()).toList();
  }

  private Path writeConfig(List<Integer> ports, Instant anchor, PushReceiver receiver, SoakBroker broker,
      SoakWallClock wallClock) throws IOException {
    String followWallClock = wallClock.unavailable().isPresent() ? ""
        : ", anchor = \"" + anchor + "\", follow-wall-clock = true";
    String config = """
        powerwatch {
          tibber.api-url = "http://127.0.0.1:%d/v1-beta/gql"
          state-dir = "%s"
          http.port = %d
          feed {
            timeout = 3s, ack-timeout = 2s, backoff-min = 100ms, backoff-max = 2s, stable-after = 1s
            rate-limited-wait = 2s, going-away-min = 100ms, going-away-max = 1s, unauthorized-retry = 2s
          }
          alerts.tick = 10ms
          rehearsal { speed = %s, origin = "%s", anchor-nanos = "%d"%s }
          rules = [%s]
          notify {
            retry-min = 50ms, retry-max = 1s, request-timeout = 2s, give-up-after = %dh
            channels = [{ type = webhook, url = "%s" }]
          }
          mqtt { url = "%s", publish-interval = 1s, reconnect-min = 100ms, reconnect-max = 1s }
          %s
        }
        """.formatted(ports.get(0), work.resolve("state"), ports.get(2), plan.speed(), plan.origin(), RealTime.nanoTimeAt(anchor),
        followWallClock, plan.ruleConfig(), SoakPlan.GIVE_UP_AFTER.toHours(), receiver.url(), broker.url(),
        clusterConfig(ports.get(3)));
    return Files.writeString(work.resolve("powerwatch.conf"), config);
  }

  private Process start(String name, List<String> javaArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile());
    builder.environment().remove("NOTIFY_SOCKET");
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void awaitSimulator(SimulatorControls simulator) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        simulator.status();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the simulator did not start (" + work.resolve("simulator.log") + ")", e);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /** The readings a socket carried, by home, up to {@code until} where given. */
  private static Map<String, List<SoakOracle.Reading>> readings(Path deliveries, Optional<Instant> until)
      throws IOException {
    Map<String, List<SoakOracle.Reading>> byHome = new HashMap<>();
    for (String line : Files.readAllLines(deliveries)) {
      String[] f = line.split("\t");
      if (f.length == 4 && Integer.parseInt(f[3]) > 0) {
        Instant at = java.time.OffsetDateTime.parse(f[1]).toInstant();
        if (until.isEmpty() || !at.isAfter(until.get())) {
          byHome.computeIfAbsent(f[0], h -> new ArrayList<>()).add(new SoakOracle.Reading(at, Double.parseDouble(f[2])));
        }
      }
    }
    return byHome;
  }

  private static List<PushReceiver.Notice> ofRule(List<PushReceiver.Notice> notices, String rule) {
    return notices.stream().filter(n -> n.rule().equals(rule)).toList();
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
