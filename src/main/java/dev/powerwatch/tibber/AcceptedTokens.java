package dev.powerwatch.tibber;

import dev.powerwatch.support.AtomicFiles;
import dev.powerwatch.support.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens Tibber has accepted for this state directory, kept as SHA-256 digests. Tibber
 * refusing a token it never accepted is a mistake in the configuration, which a restart cannot
 * fix; refusing one it accepted before is Tibber's doing (revoked for a while, an outage of its
 * own), which a daemon restarted meanwhile must wait out like a running one, not stop alerting for.
 */
public final class AcceptedTokens {
  public static final String FILE_NAME = "accepted-tokens";
  private static final Logger log = LoggerFactory.getLogger(AcceptedTokens.class);

  private final Path file;

  public AcceptedTokens(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
  }

  public boolean acceptedBefore(Secret token) {
    return digests().contains(digest(token));
  }

  /** Keeps {@code token} as accepted; a state directory that cannot be written only costs that memory. */
  public void remember(Secret token) {
    Set<String> digests = digests();
    if (digests.add(digest(token))) {
      try {
        AtomicFiles.write(file, (String.join("\n", digests) + "\n").getBytes(StandardCharsets.US_ASCII));
      } catch (IOException e) {
        log.warn("State directory: cannot write {} ({}); if Tibber refuses this token after a restart, the daemon"
            + " will take it for a wrong one and stop", file, e.getClass().getSimpleName());
      }
    }
  }

  private Set<String> digests() {
    try {
      return new LinkedHashSet<>(Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
          .map(String::strip).filter(line -> !line.isEmpty()).toList());
    } catch (NoSuchFileException e) {
      return new LinkedHashSet<>();
    } catch (IOException | RuntimeException e) {
      log.warn("State directory: cannot read {} ({}); every token counts as never accepted", file,
          e.getClass().getSimpleName());
      return new LinkedHashSet<>();
    }
  }

  static String digest(Secret token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.reveal().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
