package dev.powerwatch.cluster;

import akka.cluster.ConfigValidation;
import akka.cluster.JoinConfigCompatChecker;
import akka.japi.Util;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import dev.powerwatch.tibber.TibberAccount;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Akka configuration of a node: cluster provider, Artery on the configured address, seed
 * nodes, the Split Brain Resolver (keep-majority), sharding that remembers its entities in the
 * journal, the journal itself, and the hash that every node's watching configuration must share
 * ({@link SameWatching}, Akka's check on join).
 */
public final class ClusterConfig {
  public static final String SYSTEM_NAME = "powerwatch";
  static final String HASH_KEY = "powerwatch.cluster.configuration-hash";
  /** What may differ from node to node: where it listens, keeps its files and finds its secrets. */
  private static final List<String> NODE_LOCAL = List.of("state-dir", "http", "cluster.host", "cluster.port",
      "cluster.database.password-file", "tibber.token-file", "mqtt.password-file", "mqtt.client-id",
      "cluster.configuration-hash", "tibber.accounts");

  private ClusterConfig() {}

  /**
   * @param powerwatch the operator's {@code powerwatch} section (resolved)
   * @param accounts the Tibber accounts, whose tokens enter the hash as hashes of their own
   */
  public static Config node(ClusterSettings cluster, Config powerwatch, List<TibberAccount> accounts) {
    List<String> seeds = cluster.seedNodes().stream().map(s -> "akka://" + SYSTEM_NAME + "@" + s).toList();
    Config node = ConfigFactory.parseMap(Map.ofEntries(
        Map.entry("akka.actor.provider", "cluster"),
        Map.entry("akka.remote.artery.canonical.hostname", cluster.host()),
        Map.entry("akka.remote.artery.canonical.port", cluster.port()),
        Map.entry("akka.cluster.seed-nodes", seeds),
        Map.entry("akka.cluster.downing-provider-class", "akka.cluster.sbr.SplitBrainResolverProvider"),
        Map.entry("akka.cluster.split-brain-resolver.active-strategy", "keep-majority"),
        Map.entry("akka.cluster.split-brain-resolver.stable-after", cluster.stableAfter().toMillis() + "ms"),
        Map.entry("akka.cluster.sharding.remember-entities", "on"),
        Map.entry("akka.cluster.sharding.remember-entities-store", "eventsourced"),
        // Loading a shard's remembered homes from a busy database can take longer than Akka's 2 s.
        Map.entry("akka.cluster.sharding.waiting-for-state-timeout", "20s"),
        Map.entry("akka.cluster.sharding.updating-state-timeout", "20s"),
        Map.entry("akka.cluster.configuration-compatibility-check.checkers.powerwatch", SameWatching.class.getName()),
        Map.entry(HASH_KEY, hash(powerwatch, accounts))));
    return node.withFallback(JournalConfig.jdbc(cluster.databaseUrl(), cluster.databaseUser(),
        cluster.databasePassword()));
  }

  /**
   * A WARN for a cluster port open beyond this machine without Artery's TLS: whoever reaches it
   * could join the cluster or read what the nodes tell each other.
   */
  public static Optional<String> plainTextWarning(ClusterSettings cluster, Config akka) {
    if (akka.getString("akka.remote.artery.transport").equals("tls-tcp") || loopback(cluster.host())) {
      return Optional.empty();
    }
    return Optional.of("The cluster port " + cluster.host() + ":" + cluster.port() + " is open beyond this machine"
        + " without TLS: whoever reaches it can join the cluster or read what the nodes say; set"
        + " akka.remote.artery.transport = tls-tcp with its key and trust stores (README, \"Running several nodes\")"
        + " or keep the port on a private network");
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The homes, rules, channels and accounts a node watches, as one SHA-256 (the tokens only as their own hashes). */
  static String hash(Config powerwatch, List<TibberAccount> accounts) {
    Config shared = powerwatch;
    for (String path : NODE_LOCAL) {
      shared = shared.withoutPath(path);
    }
    StringBuilder rendered = new StringBuilder(shared.root().render(ConfigRenderOptions.concise()));
    for (TibberAccount account : accounts) {
      rendered.append('\n').append(account.name()).append(' ').append(account.homeIds()).append(' ')
          .append(sha256(account.token().reveal()));
    }
    return sha256(rendered.toString());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Akka's check when a node joins: its hash must be the cluster's. */
  public static final class SameWatching extends JoinConfigCompatChecker {
    @Override
    public scala.collection.immutable.Seq<String> requiredKeys() {
      return Util.immutableSeq(List.of(HASH_KEY));
    }

    @Override
    public ConfigValidation check(Config toCheck, Config actualConfig) {
      return JoinConfigCompatChecker.fullMatch(requiredKeys(), toCheck, actualConfig);
    }
  }
}
