package dev.powerwatch.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.powerwatch.PowerWatch;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.simulator.TibberSimulator;
import dev.powerwatch.support.FreePorts;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code run --demo --nodes N}: N nodes of a cluster in this process, on a journal in memory,
 * watching the simulator. After a while the first node stops without leaving, as if its machine
 * had died, and the others take over its homes and the feed; each node's dashboard shows where
 * every home lives.
 */
final class ClusterDemo {
  private ClusterDemo() {}

  /** @param base the libraries' defaults with the demo's settings, not yet a node's */
  static int run(Config base, TibberSimulator simulator, Path stateDir, int nodes, Duration stopFirstAfter,
      List<PowerWatch.SubscriberFactory> printer, PrintWriter err) {
    List<Integer> clusterPorts = FreePorts.take(nodes);
    List<Integer> httpPorts = FreePorts.take(nodes);
    String journal = "jdbc:h2:mem:powerwatch-demo-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    PrintStream out = System.out;
    List<Daemon.Started> started = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      Config node = ConfigFactory.parseMap(Map.ofEntries(
          Map.entry("powerwatch.cluster.enabled", true),
          Map.entry("powerwatch.cluster.port", clusterPorts.get(i)),
          Map.entry("powerwatch.cluster.seed-nodes", List.of("127.0.0.1:" + clusterPorts.get(0))),
          Map.entry("powerwatch.cluster.stable-after", "3s"),
          Map.entry("powerwatch.cluster.database.url", journal),
          Map.entry("powerwatch.http.port", httpPorts.get(i)),
          Map.entry("powerwatch.state-dir", stateDir.resolve("node-" + (i + 1)).toString()),
          Map.entry("akka.cluster.failure-detector.acceptable-heartbeat-pause", "3s"),
          Map.entry("akka.cluster.jmx.multi-mbeans-in-same-jvm", "on"),
          // Ctrl-C stops every node at once: none waits long for the others to see it leave.
          Map.entry("akka.coordinated-shutdown.phases.cluster-exiting.timeout", "2s"),
          Map.entry("akka.coordinated-shutdown.run-by-actor-system-terminate", "off")));
      StartupCheck.Checked checked = StartupCheck.daemon(node.withFallback(base), Map.of());
      started.add(Daemon.start(checked, i == nodes - 1 ? printer : List.of()));
      out.println("Node " + (i + 1) + ": dashboard http://127.0.0.1:" + httpPorts.get(i) + "/  (cluster port "
          + clusterPorts.get(i) + ")");
    }
    Daemon.stopOnSignals(started.stream().<akka.actor.typed.ActorSystem<?>>map(Daemon.Started::system).toList());
    ScheduledExecutorService script = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cluster-demo");
      t.setDaemon(true);
      return t;
    });
    script.schedule(() -> {
      out.println("-- demo: node 1 stops without leaving the cluster, as if its machine died; the other nodes"
          + " take over its homes and the feed in about 10 s (see /api/state on node 2) --");
      started.get(0).system().terminate();
    }, stopFirstAfter.toMillis(), TimeUnit.MILLISECONDS);
    try {
      int exit = ExitCodes.OK;
      for (Daemon.Started node : started.subList(1, nodes)) {
        exit = Math.max(exit, Daemon.awaitEnd(node, err));
      }
      return exit;
    } finally {
      script.shutdownNow();
      started.get(0).system().terminate();
    }
  }
}
