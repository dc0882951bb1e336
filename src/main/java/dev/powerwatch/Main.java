package dev.powerwatch;

import dev.powerwatch.cli.CheckConfigCommand;
import dev.powerwatch.cli.ExitCodes;
import dev.powerwatch.cli.RunCommand;
import dev.powerwatch.cli.SilenceCommand;
import dev.powerwatch.cli.SimulateCommand;
import dev.powerwatch.cli.TestNotifyCommand;
import dev.powerwatch.settings.Version;
import dev.powerwatch.support.SettingsException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The command line: {@code run | simulate | check-config | test-notify | silence}. */
@Command(
    name = "powerwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Watches Tibber live power and tells your phone when it matters.",
    subcommands = {RunCommand.class, SimulateCommand.class, CheckConfigCommand.class, TestNotifyCommand.class,
        SilenceCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line; tests redirect its output streams. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof SettingsException) {
        commandLine.getErr().println("powerwatch: " + e.getMessage());
        return ExitCodes.CONFIG;
      }
      throw e;
    });
    return cli;
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"powerwatch " + Version.current()};
    }
  }
}
