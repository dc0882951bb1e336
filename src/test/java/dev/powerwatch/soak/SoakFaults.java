package dev.powerwatch.soak;

import dev.powerwatch.soak.SoakPlan.Fault;
import dev.powerwatch.soak.SoakPlan.FaultKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Plays a soak's faults, one after the other at their moments, against the simulator and the push service. */
final class SoakFaults implements Runnable {
  /** A fault as it happened, in real time. */
  record Applied(FaultKind kind, Instant began, Instant ended) {}

  private final List<Fault> faults;
  private final SoakPlan plan;
  private final Instant anchor;
  private final SimulatorControls simulator;
  private final PushReceiver push;
  private final SoakDaemon daemon;
  private final List<Applied> applied = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  SoakFaults(SoakPlan plan, Instant anchor, int simulatorPort, PushReceiver push, SoakDaemon daemon) {
    this.daemon = daemon;
    this.faults = plan.faults();
    this.plan = plan;
    this.anchor = anchor;
    this.simulator = new SimulatorControls(simulatorPort);
    this.push = push;
  }

  synchronized List<Applied> applied() {
    return List.copyOf(applied);
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  @Override
  public void run() {
    try {
      for (Fault fault : faults) {
        waitUntil(anchor.plus(plan.real(fault.at())));
        Instant began = Instant.now();
        begin(fault.kind());
        if (!fault.lasts().isZero()) {
          TimeUnit.NANOSECONDS.sleep(fault.lasts().toNanos());
          end(fault.kind());
        }
        synchronized (this) {
          applied.add(new Applied(fault.kind(), began, Instant.now()));
        }
        if (fault.kind().restarts()) {
          awaitSubscription();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      synchronized (this) {
        problems.add("a fault could not be played: " + e);
      }
    }
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
      case REVOKE_4403 -> simulator.post("restore-tokens");
      case NO_ACK -> simulator.post("withhold-ack?on=false");
      case PUSH_REFUSED -> push.listenAgain();
      case SIGKILL, SIGTERM -> daemon.start();
      default -> push.answer(PushReceiver.Mode.OK);
    }
  }

  /**
   * Waits (at most 20 s) for the restarted daemon to subscribe: a token revoked while it starts is
   * refused for good (exit 78, as a wrong token must be), which is not the fault this plays.
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
    long nanos = java.time.Duration.between(Instant.now(), moment).toNanos();
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
