package dev.powerwatch.cli;

import dev.powerwatch.Tools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.powerwatch.Main;
import dev.powerwatch.settings.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** powerwatch(1): every command and option of the model is on the page, and troff reads it without a warning. */
class ManPageTest {
  private static final LocalDate DATE = LocalDate.of(2026, 1, 31);
  private static final String PAGE = ManPage.troff(Main.commandLine(), "1.2.3", DATE);
  private static final List<String> SECTIONS = List.of(".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION",
      ".SH OPTIONS", ".SH COMMANDS", ".SH \"EXIT STATUS\"", ".SH FILES", ".SH ENVIRONMENT", ".SH \"SEE ALSO\"");
  private static final Set<String> MACROS_USED = Set.of("TH", "SH", "SS", "SY", "YS", "PP", "TP", "B", "BR", "br");
  /** A hyphen where an option name starts, not written as the minus sign \-. */
  private static final Pattern BARE_OPTION_HYPHEN = Pattern.compile("(^|[\\s\\[|(\"]|\\\\f[BIR]|\\\\%)-");
  private static final long TIMEOUT_SECONDS = 30;

  @TempDir
  Path temp;

  @Test
  void startsWithTheTitleLineAndTheWhatisLine() {
    List<String> lines = PAGE.lines().toList();
    assertEquals(".TH POWERWATCH 1 2026-01-31 \"powerwatch 1.2.3\" \"User Commands\"", lines.get(1));
    assertEquals(".SH NAME", lines.get(2));
    assertEquals("powerwatch \\- watches Tibber live power and tells your phone when it matters", lines.get(3));
  }

  @Test
  void hasTheSectionsInOrder() {
    int previous = -1;
    for (String section : SECTIONS) {
      int at = PAGE.indexOf("\n" + section + "\n");
      assertTrue(at > previous, section + " missing or out of order:\n" + PAGE);
      previous = at;
    }
  }

  @Test
  void everyCommandOfTheModelHasItsSubsectionAndSynopsis() {
    List<CommandLine> commands = subcommands(Main.commandLine());
    assertTrue(commands.size() >= 8, "run, simulate, check-config, test-notify, silence and its three: " + commands);
    for (CommandLine command : commands) {
      String title = command.getCommandSpec().qualifiedName().substring("powerwatch ".length());
      assertTrue(PAGE.contains("\n.SS " + quoted(ManPage.literal(title)) + "\n"), title);
      assertTrue(PAGE.contains("\n.SY \"powerwatch " + ManPage.literal(title) + "\"\n"), title);
    }
    assertTrue(PAGE.contains("\n.SS \"silence add\"\n"));
    assertTrue(PAGE.contains("\n.SS check\\-config\n"));
  }

  @Test
  void everyOptionOfEveryCommandIsInItsSubsection() {
    for (CommandLine command : subcommands(Main.commandLine())) {
      CommandSpec spec = command.getCommandSpec();
      String subsection = subsection(spec.qualifiedName().substring("powerwatch ".length()));
      for (OptionSpec option : spec.options().stream().filter(o -> !o.hidden()).toList()) {
        for (String name : option.names()) {
          assertTrue(subsection.contains("\\fB" + ManPage.literal(name) + "\\fR"), name + " in:\n" + subsection);
        }
        String label = "\\ \\fI" + ManPage.literal(option.paramLabel().replaceAll("^<(.*)>$", "$1")) + "\\fR";
        assertTrue(option.arity().max() == 0 || subsection.contains(label), label + " in:\n" + subsection);
      }
    }
    String run = subsection("run");
    for (String option : List.of("\\fB\\-\\-config\\fR\\ \\fIFILE\\fR", "\\fB\\-\\-demo\\fR", "\\fB\\-\\-print\\fR",
        "\\fB\\-h\\fR, \\fB\\-\\-help\\fR", "\\fB\\-V\\fR, \\fB\\-\\-version\\fR")) {
      assertTrue(run.contains("\n.TP\n" + option + "\n"), option + " in:\n" + run);
    }
    assertTrue(subsection("silence end").contains("\n.TP\n\\fIID\\fR\nThe silence's id"));
  }

  @Test
  void hyphensStartingOptionsAreMinusSigns() {
    List<String> bare = PAGE.lines().filter(line -> !line.startsWith(".\\\""))
        .filter(line -> BARE_OPTION_HYPHEN.matcher(line.replace("\\-", "")).find()).toList();
    assertEquals(List.of(), bare);
    assertTrue(PAGE.contains("during \\fB\\%check\\-config\\fR / \\fB\\%test\\-notify\\fR"));
  }

  @Test
  void noTextLineStartsLikeARequest() {
    for (String line : PAGE.lines().toList()) {
      if (line.startsWith(".") && !line.startsWith(".\\\"")) {
        String macro = line.substring(1).split(" ", 2)[0];
        assertTrue(MACROS_USED.contains(macro), "not a macro of this page: " + line);
      }
      assertTrue(!line.startsWith("'") && !line.startsWith(" ") && !line.isEmpty(), "[" + line + "]");
    }
  }

  @Test
  void escapesWhatTroffWouldReadAsMarkup() {
    String page = ManPage.troff(tricky(), "1.0", DATE);

    assertTrue(page.contains("\n\\&.starts with a dot\n"), page);
    assertTrue(page.contains("\n\\&'starts with a quote\n"), page);
    assertTrue(page.contains("C:\\etemp\\enew \\[u2014] with \\-\\-dry\\-run and \\-n"), page);
    assertTrue(page.contains("\n\\fB\\-n\\fR, \\fB\\-\\-dry\\-run\\fR\n"), page);
    assertTrue(page.contains("Default: \\fB\\%a\\e\\-b\\fR."), page);
  }

  @Test
  void groffRendersTheEscapedTextAsWritten() throws Exception {
    assumeTrue(Tools.onPath("groff"), "skipped: groff is not installed (Debian package groff-base)");
    Path file = Files.writeString(temp.resolve("tool.1"), ManPage.troff(tricky(), "1.0", DATE));

    Output text = run(Map.of(), "groff", "-man", "-Tutf8", "-P-cbou", "-ww", file.toString());

    assertEquals("", text.err());
    String plain = text.out();
    for (String expected : List.of(".starts with a dot", "'starts with a quote", "C:\\temp\\new \u2014 with --dry-run")) {
      assertTrue(plain.contains(expected), expected + " in:\n" + plain);
    }
  }

  @Test
  void groffFindsNothingToWarnAbout() throws Exception {
    boolean groff = Tools.onPath("groff");
    assumeTrue(groff || Tools.onPath("nroff"), "skipped: neither groff nor nroff is installed (Debian package groff-base)");
    Path file = page();

    Output check = groff ? run(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", file.toString())
        : run(Map.of(), "nroff", "-man", "-ww", file.toString());

    assertEquals(0, check.exitCode(), check.err());
    assertEquals("", check.err());
  }

  /** What lintian's manpage check runs: man with warnings on, in a bare C.UTF-8 environment. */
  @Test
  void manFindsNothingToWarnAboutAsLintianRunsIt() throws Exception {
    assumeTrue(Tools.onPath("man"), "skipped: man is not installed (Debian package man-db)");
    Path file = page();
    Map<String, String> lintianEnvironment = Map.of("LC_ALL", "C.UTF-8", "MANROFFSEQ", "", "MANWIDTH", "120");

    Output check = run(lintianEnvironment, "man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", file.toString());
    Output text = run(Map.of("LC_ALL", "C.UTF-8", "MANPAGER", "cat", "MANWIDTH", "80"), "man", "-l", file.toString());

    assertEquals(0, check.exitCode(), check.err());
    assertEquals("", check.err());
    for (String expected : List.of("POWERWATCH(1)", "powerwatch silence add", "EXIT STATUS", "/etc/powerwatch/",
        "TIBBER_TOKEN", "journalctl(1)")) {
      assertTrue(text.out().contains(expected), expected + " in:\n" + text.out());
    }
  }

  /** lexgrog reads the NAME line as mandb and lintian (bad-whatis-entry) do. */
  @Test
  void lexgrogReadsTheWhatisLine() throws Exception {
    assumeTrue(Tools.onPath("lexgrog"), "skipped: lexgrog is not installed (Debian package man-db)");
    Path file = page();

    Output whatis = run(Map.of("LC_ALL", "C.UTF-8"), "lexgrog", file.toString());

    assertEquals(0, whatis.exitCode(), whatis.out() + whatis.err());
    assertEquals(file + ": \"powerwatch - watches Tibber live power and tells your phone when it matters\"",
        whatis.out().strip());
  }

  @Test
  void mainWritesThePageWithTheBuildsVersion() throws IOException {
    Path output = temp.resolve("man/powerwatch.1");

    dev.powerwatch.ManPageFile.main(new String[] {output.toString()});

    assertNotEquals("dev", Version.current(), "powerwatch-version.properties is not on the classpath");
    String page = Files.readString(output, StandardCharsets.UTF_8);
    assertTrue(page.contains(" \"powerwatch " + Version.current() + "\" \"User Commands\"\n"), page);
  }

  @Test
  void theDateIsSourceDateEpochsElseTodayInUtc() {
    Clock lateEveningInUtc = Clock.fixed(Instant.parse("2026-03-04T23:30:00Z"), ZoneOffset.ofHours(2));

    assertEquals(LocalDate.of(2026, 1, 1), ManPage.pageDate("1767225600", lateEveningInUtc));
    assertEquals(LocalDate.of(1970, 1, 1), ManPage.pageDate("0", lateEveningInUtc));
    assertEquals(LocalDate.of(2026, 3, 4), ManPage.pageDate(null, lateEveningInUtc));
    assertEquals(LocalDate.of(2026, 3, 4), ManPage.pageDate("", lateEveningInUtc));
    assertThrows(IllegalArgumentException.class, () -> ManPage.pageDate("yesterday", lateEveningInUtc));
  }

  /** A command whose texts hold what troff would otherwise take for requests and escapes. */
  private static CommandLine tricky() {
    CommandSpec spec = CommandSpec.create().name("tool");
    spec.usageMessage().description("Does tricky things.", ".starts with a dot", "'starts with a quote");
    spec.addOption(OptionSpec.builder("-n", "--dry-run").description("C:\\temp\\new \u2014 with --dry-run and -n.")
        .build());
    spec.addOption(OptionSpec.builder("--path").paramLabel("<path>").defaultValue("a\\-b")
        .description("A path.").build());
    return new CommandLine(spec);
  }

  private Path page() throws IOException {
    return Files.writeString(temp.resolve("powerwatch.1"), PAGE, StandardCharsets.UTF_8);
  }

  /** From the command's .SS line to the next .SS or .SH. */
  private static String subsection(String title) {
    String heading = "\n.SS " + quoted(ManPage.literal(title)) + "\n";
    int start = PAGE.indexOf(heading);
    assertTrue(start >= 0, heading);
    int nextSubsection = PAGE.indexOf("\n.SS ", start + 1);
    int nextSection = PAGE.indexOf("\n.SH ", start + 1);
    int end = nextSubsection < 0 ? nextSection : Math.min(nextSubsection, nextSection);
    return PAGE.substring(start, end + 1);
  }

  private static String quoted(String title) {
    return title.contains(" ") ? "\"" + title + "\"" : title;
  }

  private static List<CommandLine> subcommands(CommandLine command) {
    List<CommandLine> all = new ArrayList<>();
    for (CommandLine subcommand : new LinkedHashSet<>(command.getSubcommands().values())) {
      all.add(subcommand);
      all.addAll(subcommands(subcommand));
    }
    return all;
  }

  /** Runs a program in an environment holding only PATH and the given variables. */
  private Output run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .directory(temp.toFile());
    String path = System.getenv("PATH");
    builder.environment().clear();
    builder.environment().put("PATH", path);
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private record Output(int exitCode, String out, String err) {}
}
