package dev.powerwatch.rules;

import com.typesafe.config.Config;
import dev.powerwatch.debounce.QuietHours;
import dev.powerwatch.support.Template;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.support.ConfigReader;
import dev.powerwatch.support.Suggestions;
import dev.powerwatch.tibber.AppScreen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads {@code powerwatch.rules}, a list of rule objects, into validated {@link Rule}s. */
public final class RuleLoader {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
  /** The keys every rule has; each type adds its own ({@link RuleFactory#keys()}). */
  public static final Set<String> COMMON_KEYS = Set.of("name", "type", "severity", "homes", "for", "cooldown",
      "resolved", "quiet-hours", "title", "message", "resolved-title", "resolved-message", "screen", "channels");

  private final Map<String, RuleFactory> factories = new TreeMap<>();

  public RuleLoader() {
    ServiceLoader.load(RuleFactory.class).forEach(f -> factories.put(f.type(), f));
  }

  public Set<String> types() {
    return factories.keySet();
  }

  /** @param root the {@code powerwatch} section; its {@code language} picks the default texts */
  public List<Rule> load(Config root) {
    ConfigReader top = new ConfigReader(root, "powerwatch");
    Language language = top.has("language") ? top.enumValue("language", Language.class) : Language.EN;
    RuleTexts texts = RuleTexts.of(language);
    List<? extends Config> entries = top.configList("rules");
    List<Rule> rules = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Rule rule = load(new ConfigReader(entries.get(i), "powerwatch.rules[" + i + "]"), language, texts);
      if (!names.add(rule.spec().name())) {
        throw top.problem("rules[" + i + "].name", "'" + rule.spec().name() + "' is used by two rules");
      }
      rules.add(rule);
    }
    return rules;
  }

  private Rule load(ConfigReader c, Language language, RuleTexts texts) {
    String type = c.nonBlank("type");
    RuleFactory factory = factories.get(type);
    if (factory == null) {
      throw c.problem("type", "unknown rule type '" + type + "'" + Suggestions.didYouMean(type, factories.keySet()));
    }
    Set<String> known = new HashSet<>(COMMON_KEYS);
    known.addAll(factory.keys());
    c.requireKnownKeys(known);
    RuleSpec spec = spec(c, factory, language, texts);
    Rule rule = factory.create(spec, c);
    checkTemplates(c, rule);
    return rule;
  }

  private static RuleSpec spec(ConfigReader c, RuleFactory factory, Language language, RuleTexts texts) {
    String name = c.nonBlank("name");
    if (!NAME.matcher(name).matches()) {
      throw c.problem("name", "'" + name + "' may hold only letters, digits, '-' and '_'");
    }
    String screen = c.has("screen") ? c.nonBlank("screen").toUpperCase() : "CONSUMPTION";
    if (!AppScreen.ALL.contains(screen)) {
      throw c.problem("screen", "'" + screen + "' is not a Tibber app screen; one of "
          + new java.util.TreeSet<>(AppScreen.ALL));
    }
    String type = factory.type();
    return new RuleSpec(
        name,
        type,
        c.has("severity") ? c.enumValue("severity", Severity.class) : Severity.WARNING,
        c.has("homes") ? c.distinctStrings("homes", "home") : List.of(),
        c.has("for") ? c.duration("for") : Duration.ZERO,
        c.has("cooldown") ? c.positiveDuration("cooldown") : factory.defaultCooldown(c),
        c.has("cooldown") || factory.defaultCooldownHoldsNewAlerts(),
        c.has("resolved") ? c.bool("resolved") : factory.defaultSendResolved(),
        quietHours(c),
        language,
        text(c, texts, type, "title"),
        text(c, texts, type, "message"),
        resolvedTitle(c, texts, type),
        text(c, texts, type, "resolved-message"),
        screen,
        c.has("channels") ? c.distinctStrings("channels", "channel") : List.of());
  }

  /** The rule's own text for {@code kind} (its key, e.g. {@code message}), else its type's default. */
  private static String text(ConfigReader c, RuleTexts texts, String type, String kind) {
    return c.optionalString(kind).orElseGet(() -> texts.forType(type, kind));
  }

  /** A rule that words its own title keeps it when resolved ("Resolved: " + title, in the language). */
  private static String resolvedTitle(ConfigReader c, RuleTexts texts, String type) {
    Optional<String> ownTitle = c.optionalString("title");
    if (ownTitle.isEmpty() || c.optionalString("resolved-title").isPresent()) {
      return text(c, texts, type, "resolved-title");
    }
    return Template.render(texts.text(RuleTexts.OWN_TITLE_RESOLVED), Map.of("title", ownTitle.get()));
  }

  private static List<QuietHours> quietHours(ConfigReader c) {
    if (!c.has("quiet-hours")) {
      return List.of();
    }
    List<QuietHours> windows = new ArrayList<>();
    for (String window : c.stringList("quiet-hours")) {
      try {
        windows.add(QuietHours.parse(window));
      } catch (IllegalArgumentException e) {
        throw c.problem("quiet-hours", e.getMessage());
      }
    }
    return windows;
  }

  private static void checkTemplates(ConfigReader c, Rule rule) {
    Set<String> known = new HashSet<>(RuleSpec.COMMON_PLACEHOLDERS);
    known.addAll(rule.placeholders());
    RuleSpec s = rule.spec();
    Map<String, String> templates = new LinkedHashMap<>();
    templates.put("title", s.title());
    templates.put("message", s.message());
    templates.put("resolved-title", s.resolvedTitle());
    templates.put("resolved-message", s.resolvedMessage());
    templates.forEach((key, text) -> Template.firstUnknownPlaceholder(text, known).ifPresent(unknown -> {
      throw c.problem(key, "unknown placeholder {" + unknown + "}" + Suggestions.didYouMean(unknown, known));
    }));
  }
}
