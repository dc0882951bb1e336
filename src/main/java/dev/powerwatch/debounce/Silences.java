package dev.powerwatch.debounce;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The silences in force or still to come, as pure logic: which alert a silence mutes now. */
public final class Silences {
  static final Duration LONGEST = Duration.ofDays(366);
  static final int MOST = 1_000;
  static final int LONGEST_TEXT = 500;

  /** A request that was accepted, or why not. */
  public sealed interface Outcome {
    record Created(Silence silence) implements Outcome {}

    record Refused(String reason) implements Outcome {}
  }

  private final Set<String> homes;
  private final Set<String> rules;
  private final Map<String, Silence> byId = new LinkedHashMap<>();

  /** @param homes the homes this daemon watches; @param rules its rules' names */
  public Silences(Set<String> homes, Set<String> rules, Collection<Silence> restored) {
    this.homes = new TreeSet<>(homes);
    this.rules = new TreeSet<>(rules);
    restored.forEach(s -> byId.put(s.id(), s));
  }

  public Outcome add(Silence.Request asked, Instant now, Supplier<String> newId) {
    Instant start = asked.startsAt() == null || asked.startsAt().isBefore(now)
        ? now.truncatedTo(ChronoUnit.SECONDS) : asked.startsAt();
    Instant end = asked.endsAt() == null && asked.length() != null ? start.plus(asked.length()) : asked.endsAt();
    Silence.Request request = new Silence.Request(blankToNull(asked.homeId()), blankToNull(asked.rule()), start,
        end, null, asked.createdBy(), asked.comment());
    Optional<String> problem = problem(request, now);
    if (problem.isPresent()) {
      return new Outcome.Refused(problem.get());
    }
    Silence silence = new Silence(newId.get(), request.homeId(), request.rule(), start, end,
        blankToDefault(request.createdBy(), "unknown"), blankToDefault(request.comment(), ""));
    byId.put(silence.id(), silence);
    return new Outcome.Created(silence);
  }

  private Optional<String> problem(Silence.Request r, Instant now) {
    if (r.homeId() != null && !homes.contains(r.homeId())) {
      return Optional.of("no home '" + r.homeId() + "' here (this daemon watches " + String.join(", ", homes) + ")");
    }
    if (r.rule() != null && !rules.contains(r.rule())) {
      return Optional.of("no rule '" + r.rule() + "' here (the rules are " + String.join(", ", rules) + ")");
    }
    if (r.endsAt() == null) {
      return Optional.of("a silence needs its end (endsAt, or for such as 1h)");
    }
    if (!r.endsAt().isAfter(r.startsAt())) {
      return Optional.of("the silence would end (" + r.endsAt() + ") before it starts (" + r.startsAt() + ")");
    }
    if (Duration.between(now, r.endsAt()).compareTo(LONGEST) > 0) {
      return Optional.of("a silence may last at most " + LONGEST.toDays() + " days");
    }
    if (length(r.comment()) > LONGEST_TEXT || length(r.createdBy()) > LONGEST_TEXT) {
      return Optional.of("comment and createdBy may have at most " + LONGEST_TEXT + " characters");
    }
    if (byId.size() >= MOST) {
      return Optional.of("there are already " + MOST + " silences; end some first");
    }
    return Optional.empty();
  }

  /** Ends a silence now; empty when there is none by that id. */
  public Optional<Silence> end(String id, Instant now) {
    Silence silence = byId.remove(id);
    return Optional.ofNullable(silence).map(s -> s.endedAt(now));
  }

  /** The silence that mutes this alert now, if any. */
  public Optional<Silence> muting(AlertKey key, Instant now) {
    return byId.values().stream().filter(s -> s.mutes(key, now)).findFirst();
  }

  /** Forgets the silences that have ended; true when there were any. */
  public boolean expire(Instant now) {
    return byId.values().removeIf(s -> !now.isBefore(s.endsAt()));
  }

  /** Silences told by several holders (a cluster's homes), each once, in the order they start. */
  public static List<Silence> distinct(Collection<Silence> told) {
    Map<String, Silence> byId = new LinkedHashMap<>();
    told.forEach(s -> byId.putIfAbsent(s.id(), s));
    return byId.values().stream().sorted(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id)).toList();
  }

  /** Short enough to type on the command line; unique among these silences. */
  public static String newId(Collection<Silence> existing) {
    Set<String> taken = existing.stream().map(Silence::id).collect(Collectors.toSet());
    String id;
    do {
      id = UUID.randomUUID().toString().substring(0, 8);
    } while (taken.contains(id));
    return id;
  }

  /** In force or still to come, in the order they were made. */
  public List<Silence> list() {
    return new ArrayList<>(byId.values());
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static String blankToDefault(String text, String fallback) {
    return text == null || text.isBlank() ? fallback : text.strip();
  }
}
