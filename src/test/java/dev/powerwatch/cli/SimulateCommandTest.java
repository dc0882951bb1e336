package dev.powerwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.SettingsException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulator's accounts as its command line gives them. */
class SimulateCommandTest {

  private static SimulateCommand parsed(String... args) {
    SimulateCommand command = new SimulateCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void eachAccountSeesItsOwnHomesAndItsTokenIsAccepted() {
    SimulateCommand command = parsed("--token", "first", "--account", "first=home-a, home-b",
        "--account", "second=home-c");
    assertEquals(Map.of("first", Set.of("home-a", "home-b"), "second", Set.of("home-c")), command.homesByAccount());
    assertEquals(Set.of("first", "second"), command.tokens());
  }

  @Test
  void withoutAccountsTheOneTokenSeesEveryHome() {
    SimulateCommand command = parsed();
    assertEquals(Map.of(), command.homesByAccount());
    assertEquals(Set.of("demo-token"), command.tokens());
  }

  @Test
  void anAccountWithoutHomesIsRefusedByName() {
    SettingsException e = assertThrows(SettingsException.class, () -> parsed("--account", "second=").homesByAccount());
    assertTrue(e.getMessage().startsWith("--account: names no home"), e.getMessage());
  }
}
