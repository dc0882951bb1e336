package dev.powerwatch.cluster;

import dev.powerwatch.support.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Several nodes sharing the homes, off by default (one process, state in files).
 *
 * @param host the address other nodes reach this one at
 * @param port this node's cluster port (Artery TCP); 0 picks a free one (tests)
 * @param seedNodes {@code host:port} of the nodes to join first, the same list on every node
 * @param stableAfter how long membership must stay unchanged before the Split Brain Resolver
 *     downs the unreachable side (keep-majority)
 * @param homeTimeout how long an account's feed waits for a home to take a batch of readings
 *     before it reads on without that home's answer
 * @param createSchema create the journal's tables at start where they are missing
 * @param databaseUrl {@code jdbc:postgresql://...} or {@code jdbc:h2:...}
 */
public record ClusterSettings(
    boolean enabled,
    String host,
    int port,
    List<String> seedNodes,
    Duration stableAfter,
    Duration homeTimeout,
    boolean createSchema,
    String databaseUrl,
    String databaseUser,
    Secret databasePassword) {

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
  }

  public static ClusterSettings disabled() {
    return new ClusterSettings(false, "127.0.0.1", 25520, List.of(), Duration.ofSeconds(20), Duration.ofSeconds(3),
        true, "", "", Secret.of(""));
  }

  public Optional<ClusterSettings> ifEnabled() {
    return enabled ? Optional.of(this) : Optional.empty();
  }
}
