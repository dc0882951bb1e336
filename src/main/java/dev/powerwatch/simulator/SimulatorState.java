package dev.powerwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The simulator's account, its fault switches and its counters, shared by HTTP and socket sides. */
final class SimulatorState {
  final int maxSocketsPerToken;
  final AtomicInteger connectionAttempts = new AtomicInteger();
  /** The most sockets open at once since the start: Tibber allows two per token. */
  final AtomicInteger peakOpenSockets = new AtomicInteger();
  final AtomicInteger refusedUpgrades = new AtomicInteger();
  final AtomicInteger graphqlRequests = new AtomicInteger();
  final AtomicInteger pongs = new AtomicInteger();
  final AtomicInteger completesReceived = new AtomicInteger();
  /** Close codes sent by clients (a clean stop sends 1000). */
  final List<Integer> clientCloseCodes = new CopyOnWriteArrayList<>();
  final List<String> userAgents = new CopyOnWriteArrayList<>();
  final List<RecordedPush> pushes = new CopyOnWriteArrayList<>();
  final AtomicInteger rateLimitedRequestsLeft = new AtomicInteger();
  final AtomicReference<Duration> rateLimitRetryAfter = new AtomicReference<>();
  volatile boolean stalled;
  volatile boolean withholdAck;
  volatile boolean pushAvailable = true;
  /** Wall-clock time of the last subscribe, for a benchmark that times a client's start. */
  volatile long lastSubscribeEpochMillis;
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Map<String, SimulatedHome> homes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> subscribeCounts = new ConcurrentHashMap<>();
  /** Accounts with homes of their own; a token not here sees every home. */
  private final Map<String, Set<String>> homesByToken = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> peakSocketsByToken = new ConcurrentHashMap<>();
  private final Map<String, SortedMap<Instant, Double>> hourlyHistory = new ConcurrentHashMap<>();

  SimulatorState(Set<String> tokens, List<SimulatedHome> homes, int maxSocketsPerToken) {
    this.tokens.addAll(tokens);
    homes.forEach(h -> this.homes.put(h.id(), h));
    this.maxSocketsPerToken = maxSocketsPerToken;
  }

  boolean acceptsToken(String token) {
    return token != null && tokens.contains(token);
  }

  void replaceTokens(Set<String> accepted) {
    tokens.clear();
    tokens.addAll(accepted);
  }

  SimulatedHome home(String id) {
    return homes.get(id);
  }

  void assignHomes(String token, Set<String> homeIds) {
    homesByToken.put(token, Set.copyOf(homeIds));
  }

  /** The home as the account of {@code token} sees it: none when it belongs to another account. */
  SimulatedHome home(String token, String id) {
    Set<String> own = homesByToken.get(token);
    return own == null || own.contains(id) ? homes.get(id) : null;
  }

  List<SimulatedHome> homes(String token) {
    Set<String> own = homesByToken.get(token);
    return homes().stream().filter(h -> own == null || own.contains(h.id())).toList();
  }

  void socketsAcknowledged(String token, long open) {
    peakSocketsByToken.computeIfAbsent(token, t -> new AtomicInteger()).accumulateAndGet((int) open, Math::max);
  }

  int peakSockets(String token) {
    AtomicInteger peak = peakSocketsByToken.get(token);
    return peak == null ? 0 : peak.get();
  }

  List<SimulatedHome> homes() {
    return homes.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  void putHome(SimulatedHome home) {
    homes.put(home.id(), home);
  }

  void setHourlyHistory(String homeId, Map<Instant, Double> kWhByHour) {
    hourlyHistory.put(homeId, new TreeMap<>(kWhByHour));
  }

  SortedMap<Instant, Double> hourlyHistory(String homeId) {
    return hourlyHistory.getOrDefault(homeId, new TreeMap<>());
  }

  AtomicInteger subscribeCount(String homeId) {
    return subscribeCounts.computeIfAbsent(homeId, id -> new AtomicInteger());
  }
}
