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
import java.util.concurrent.TimeUnit;

/**
 * The soak: the daemon's jar against the simulator in compressed time, a month of a few homes'
 * consumption in minutes, every notice counted against {@link SoakOracle}.
 *
 * <p>{@code java -cp ... dev.powerwatch.soak.Soak SEED DAYS [SPEED]} runs one from bench/soak.
 */
public final class Soak {
  private static final Duration LAG = Duration.ofMinutes(10);
  private static final Duration STARTUP = Duration.ofSeconds(4);
  /** Real time: the daemon writes what the disk refused on a tick (10 ms) once it can again. */
  private static final Duration WRITES_AGAIN_WITHIN = Duration.ofMillis(250);

  private final SoakPlan plan;
  private final Path jar;
  private final Path work;
  private final List<Process> processes = new ArrayList<>();
  private long peakRssKb;

  public Soak(SoakPlan plan, Path jar, Path work) {
    this.plan = plan;
    this.jar = jar;
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : new java.util.Random().nextLong();
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    double speed = args.length > 2 ? Double.parseDouble(args[2]) : 4_320;
    SoakPlan plan = new SoakPlan(seed, 4, Duration.ofDays(days), speed, Instant.parse("2026-03-10T00:00:00Z"));
    System.out.println("soak: seed " + seed + ", " + days + " simulated days at " + speed + " times real time");
    SoakReport report = new Soak(plan, Path.of(System.getProperty("soak.jar", "target/powerwatch.jar")),
        Files.createTempDirectory("powerwatch-soak")).run();
    System.out.println(report.table());
    report.failures().forEach(f -> System.out.println("FAILED: " + f));
    System.exit(report.failures().isEmpty() ? 0 : 1);
  }

  public SoakReport run() throws Exception {
    List<Integer> ports = FreePorts.take(3);
    Instant anchor = RealTime.now().plus(STARTUP);
    Path deliveries = work.resolve("deliveries.tsv");
    try (PushReceiver receiver = new PushReceiver(
        CompressedClock.onMonotonic(plan.origin(), RealTime.nanoTimeAt(anchor), plan.speed()));
        SoakStateDir stateDir = SoakStateDir.at(work.resolve("state"));
        SoakBroker broker = SoakBroker.start(work.resolve("broker"))) {
      start("simulator", "-Xmx256m", "-cp", jar.toString(), "dev.powerwatch.Main", "simulate",
          "--port", String.valueOf(ports.get(0)), "--socket-port", String.valueOf(ports.get(1)),
          "--homes", String.valueOf(plan.homes()), "--interval", Math.max(1, plan.real(SoakPlan.STEP).toMillis()) + "ms",
          "--clock-speed", String.valueOf(plan.speed()), "--clock-origin", plan.origin().toString(),
          "--clock-anchor-nanos", String.valueOf(RealTime.nanoTimeAt(anchor)), "--deliveries", deliveries.toString());
      SimulatorControls simulator = new SimulatorControls(ports.get(0));
      awaitSimulator(simulator);
      for (int i = 0; i < plan.homes(); i++) {
        simulator.post("profile?home=" + homeIds().get(i) + "&from=" + plan.origin() + "&step=" + SoakPlan.STEP,
            Json.mapper().writeValueAsString(plan.profile(i)));
      }
      SoakWallClock wallClock = new SoakWallClock(work.resolve("wall-clock-offset"), plan.speed());
      SoakDaemon daemon = new SoakDaemon(jar, writeConfig(ports, anchor, receiver, broker, wallClock),
          work.resolve("daemon.log"), wallClock);
      OutboxWatch outbox = new OutboxWatch(stateDir.path());
      Thread watchingOutbox = new Thread(outbox, "soak-outbox-watch");
      watchingOutbox.start();
      daemon.start();
      SoakFaults faults = new SoakFaults(plan, anchor, ports.get(0), receiver, daemon, new DaemonApi(ports.get(2)),
          homeIds(), stateDir, broker, wallClock);
      Thread faulting = new Thread(faults, "soak-faults");
      faulting.start();
      SoakWatch watch = new SoakWatch(new DaemonApi(ports.get(2)), daemon);
      Thread watching = new Thread(watch, "soak-watch");
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
      watchingOutbox.interrupt();
      watchingOutbox.join();
      SoakTimeline time = new SoakTimeline(plan, anchor);
      Files.write(work.resolve("faults.log"), faults.applied().stream().map(f -> f.kind() + " " + f.began() + " "
          + f.stopped() + " " + f.ended() + " " + time.simulated(f.began())).toList());
      failures.addAll(faults.problems());
      daemon.endedByItself().ifPresent(exit -> failures.add("the daemon ended by itself with exit " + exit + " ("
          + work.resolve("daemon.log") + ")"));
      daemon.close();
      processes.forEach(Soak::stop);
      SoakReport report = judge(readings(deliveries), receiver, time, faults, outbox, watch.samples(), RealTime.now(),
          failures);
      stateDir.unavailable().ifPresent(why -> report.notPlayed("STATE_FULL and STATE_READONLY", why));
      wallClock.unavailable().ifPresent(why -> report.notPlayed("CLOCK_AHEAD and CLOCK_BEHIND", why));
      java.util.Set<SoakPlan.FaultKind> unreached = faults.unreached();
      if (!unreached.isEmpty()) {
        report.notPlayed(unreached.toString(), "the faults before them ran past the end of the run");
      }
      broker.unavailable().ifPresent(why -> report.notPlayed("MQTT_GONE and SILENCE_MQTT", why));
      return report;
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
  }

  private SoakReport judge(Map<String, List<SoakOracle.Reading>> readings, PushReceiver receiver,
      SoakTimeline time, SoakFaults faults, OutboxWatch outbox, List<SoakWatch.Sample> watched, Instant runEnd,
      List<String> failures) throws IOException {
    List<SoakFaults.Applied> applied = faults.applied();
    WallSteps wallSteps = new WallSteps(applied.stream().filter(f -> f.kind().onWallClock())
        .map(f -> new WallSteps.Step(time.simulated(f.began()), time.simulated(f.ended()), f.kind().wallStep()))
        .toList());
    SoakOracle oracle = new SoakOracle(LAG, Duration.ofMinutes(1), wallSteps);
    List<Instant> readingTimes = readings.values().stream().flatMap(List::stream).map(SoakOracle.Reading::at)
        .sorted().toList();
    List<SoakOracle.Blur> blurs = applied.stream().filter(f -> f.kind().onFeed() || f.kind().restarts())
        .map(f -> blur(f, time, readingTimes)).toList();
    List<SoakOracle.Downtime> downtimes = applied.stream().filter(f -> f.kind().restarts())
        .map(f -> new SoakOracle.Downtime(time.simulated(f.began()), time.simulated(f.stopped()), time.simulated(f.ended()),
            SoakTimeline.firstAfter(time.simulated(f.ended()), readingTimes).orElse(time.simulated(f.ended())))).toList();
    Map<String, List<PushReceiver.Notice>> noticesByHome = new HashMap<>();
    java.util.stream.Stream.concat(receiver.notices().stream(), heldAtTheEnd().stream())
        .map(n -> madeOnTheRunsClock(n, wallSteps, outbox, time))
        .forEach(n -> noticesByHome.computeIfAbsent(n.homeId(), h -> new ArrayList<>()).add(n));
    List<Instant> startedAgain = applied.stream().filter(f -> f.kind().restarts()).map(SoakFaults.Applied::ended).toList();
    SoakReport report = new SoakReport(plan, peakRssKb);
    report.unrecorded(unrecorded(applied, time));
    report.wallSteps(wallSteps);
    SoakHours hours = new SoakHours(LAG);
    for (int i = 0; i < plan.homes(); i++) {
      String home = homeIds().get(i);
      List<SoakOracle.Reading> sent = readings.getOrDefault(home, List.of());
      Instant end = sent.isEmpty() ? plan.origin() : sent.get(sent.size() - 1).at();
      List<SoakOracle.Silence> silences = faults.silences().stream().filter(s -> s.homeId().equals(home))
          .map(s -> new SoakOracle.Silence(s.startsAt(), s.endsAt(), s.endsBy())).toList();
      List<SoakOracle.Episode> episodes = oracle.stretched(SoakOracle.episodes(sent), sent, blurs);
      List<PushReceiver.Notice> notices = noticesByHome.getOrDefault(home, List.of());
      report.judgeHome(home, sent.size(), oracle.expected(episodes, end, blurs, downtimes, silences),
          ofRule(notices, SoakPlan.THRESHOLD_RULE), LAG, startedAgain, silences);
      SoakHours.Profile profile = new SoakHours.Profile(plan.origin(), SoakPlan.STEP, plan.profile(i));
      report.judgeHours(home, hours.hours(profile, sent, blurs, silences, end),
          ofRule(notices, SoakPlan.HOUR_RULE), startedAgain, silences);
      notices.stream().filter(n -> !List.of(SoakPlan.THRESHOLD_RULE, SoakPlan.HOUR_RULE).contains(n.rule()))
          .forEach(n -> failures.add(home + ": a notice of a rule the run has not: " + n.rule()));
    }
    report.judgeFaults(applied, time, readingTimes, runEnd, watched);
    report.judgeWatch(watched);
    report.killsAtANotice(faults.killsAtANotice());
    writeNotices(receiver.notices());
    receiver.malformed().forEach(body -> failures.add("the webhook received a body that is not a notice: " + body));
    List<String> output = Files.readAllLines(work.resolve("daemon.log"));
    for (String secret : List.of(SimulatorConfig.DEMO_TOKEN, receiver.key())) {
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
   * The notice with the time it was made on the run's clock, not the daemon's stepped one: told
   * apart by when it landed in the outbox (or else arrived).
   */
  private static PushReceiver.Notice madeOnTheRunsClock(PushReceiver.Notice n, WallSteps steps, OutboxWatch outbox,
      SoakTimeline time) {
    Instant near = outbox.landed(n.id()).map(time::simulated).orElse(n.held() ? n.at() : n.arrivedAt());
    return new PushReceiver.Notice(n.id(), n.homeId(), n.rule(), n.kind(), steps.madeAt(n.at(), near), n.arrivedAt(),
        n.realArrival());
  }

  /**
   * From each fault on the state directory to a stop of the daemon that began during it, or after
   * it too soon for the daemon's next tick to write what it held (simulated).
   */
  private static List<SoakOracle.Blur> unrecorded(List<SoakFaults.Applied> applied, SoakTimeline time) {
    List<SoakOracle.Blur> stretches = new ArrayList<>();
    for (SoakFaults.Applied fault : applied) {
      if (fault.kind().onStateDir()) {
        applied.stream().filter(stop -> stop.kind().restarts() && !stop.began().isBefore(fault.began())
                && !stop.began().isAfter(fault.ended().plus(WRITES_AGAIN_WITHIN)))
            .findFirst().ifPresent(stop -> stretches.add(
                new SoakOracle.Blur(time.simulated(fault.began()), time.simulated(stop.stopped()))));
      }
    }
    return stretches;
  }

  /**
   * Where readings the simulator sent may not have reached the daemon, or reached a daemon that
   * started its alerts afresh: from {@code for} before the fault to {@code for} after the first
   * reading that went out once it ended.
   */
  private static SoakOracle.Blur blur(SoakFaults.Applied fault, SoakTimeline time, List<Instant> readingTimes) {
    Duration margin = SoakPlan.STEP.multipliedBy(2);
    return new SoakOracle.Blur(time.simulated(fault.began()).minus(SoakPlan.FOR).minus(margin),
        SoakTimeline.firstAfter(time.simulated(fault.ended()), readingTimes).orElse(time.simulated(fault.ended())).plus(SoakPlan.FOR).plus(margin));
  }

  /** Every notice the webhook accepted, for a look after the run: id, home, kind, made, arrived (run's clock), arrived (real). */
  private void writeNotices(List<PushReceiver.Notice> notices) throws IOException {
    Files.write(work.resolve("notices.tsv"), notices.stream().map(n -> String.join("\t", n.id(), n.homeId(),
        n.kind().name(), n.at().toString(), n.arrivedAt().toString(), n.realArrival().toString())).toList());
  }

  /**
   * What the daemon's outbox still holds once it stopped: not lost, only not yet delivered (quiet
   * hours or a push service that was down held it until after the end of the run).
   */
  private List<PushReceiver.Notice> heldAtTheEnd() {
    return new Outbox(work.resolve("state"), Json.mapper()).loadAll().stream().map(OutboxEntry::notification)
        .map(n -> new PushReceiver.Notice(n.id(), n.homeId(), n.rule(), SoakOracle.Kind.valueOf(n.kind().name()),
            n.createdAt(),
            null, null)).toList();
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
            retry-min = 50ms, retry-max = 1s, request-timeout = 2s
            channels = [{ type = webhook, url = "%s" }]
          }
          mqtt { url = "%s", publish-interval = 1s, reconnect-min = 100ms, reconnect-max = 1s }
        }
        """.formatted(ports.get(0), work.resolve("state"), ports.get(2), plan.speed(), plan.origin(), RealTime.nanoTimeAt(anchor),
        followWallClock, plan.ruleConfig(), receiver.url(), broker.url());
    return Files.writeString(work.resolve("powerwatch.conf"), config);
  }

  private Process start(String name, String... javaArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(javaArgs));
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

  /** The readings a socket carried, by home. */
  private static Map<String, List<SoakOracle.Reading>> readings(Path deliveries) throws IOException {
    Map<String, List<SoakOracle.Reading>> byHome = new HashMap<>();
    for (String line : Files.readAllLines(deliveries)) {
      String[] f = line.split("\t");
      if (f.length == 4 && Integer.parseInt(f[3]) > 0) {
        byHome.computeIfAbsent(f[0], h -> new ArrayList<>())
            .add(new SoakOracle.Reading(java.time.OffsetDateTime.parse(f[1]).toInstant(), Double.parseDouble(f[2])));
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
