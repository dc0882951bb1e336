package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.support.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptedTokensTest {
  @TempDir
  Path stateDir;

  @Test
  void aTokenIsAcceptedBeforeOnceRememberedAndKeptOnlyAsADigest() throws Exception {
    AcceptedTokens tokens = new AcceptedTokens(stateDir);
    Secret first = Secret.of("first-token-0123456789");
    Secret second = Secret.of("second-token-0123456789");
    assertFalse(tokens.acceptedBefore(first));

    tokens.remember(first);
    tokens.remember(second);
    tokens.remember(first);

    AcceptedTokens afterARestart = new AcceptedTokens(stateDir);
    assertTrue(afterARestart.acceptedBefore(first));
    assertTrue(afterARestart.acceptedBefore(second));
    assertFalse(afterARestart.acceptedBefore(Secret.of("never-accepted-token")));
    String file = Files.readString(stateDir.resolve(AcceptedTokens.FILE_NAME));
    assertFalse(file.contains("token"), file);
    assertTrue(file.lines().count() == 2, file);
  }

  @Test
  void aStateDirectoryThatCannotBeWrittenOnlyCostsTheMemory() throws Exception {
    Path notADirectory = Files.writeString(stateDir.resolve("file"), "");
    AcceptedTokens tokens = new AcceptedTokens(notADirectory);
    Secret token = Secret.of("some-token-0123456789");

    tokens.remember(token);

    assertFalse(tokens.acceptedBefore(token));
  }
}
