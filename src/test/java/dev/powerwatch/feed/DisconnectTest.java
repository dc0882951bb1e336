package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.powerwatch.tibber.TibberApiException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisconnectTest {

  @ParameterizedTest(name = "close {0} -> {1}")
  @CsvSource({
      "4403, Unauthorized", "4401, Unauthorized", "4429, RateLimited", "1000, GoingAway", "1001, GoingAway",
      "4500, Failed", "4400, Failed", "4406, Failed", "4408, Failed", "4409, Failed", "1011, Failed"})
  void closeCodes(int code, String kind) {
    Disconnect d = Disconnect.fromCloseCode(code, "why");
    assertEquals(kind, d.getClass().getSimpleName());
    assertTrue(d.detail().contains(Integer.toString(code)) && d.detail().contains("why"), d.detail());
  }

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({"429, RateLimited", "428, RateLimited", "401, Unauthorized", "403, Unauthorized", "404, Failed",
      "502, Failed"})
  void upgradeStatuses(int status, String kind) {
    assertEquals(kind, Disconnect.fromHttpStatus(status, Optional.empty()).getClass().getSimpleName());
  }

  @Test
  void apiFailuresKeepRetryAfter() {
    Disconnect d = Disconnect.fromApi(new TibberApiException(TibberApiException.Kind.RATE_LIMITED, "429",
        Duration.ofSeconds(900)));
    assertEquals(Optional.of(Duration.ofSeconds(900)), assertInstanceOf(Disconnect.RateLimited.class, d).retryAfter());
    assertInstanceOf(Disconnect.Unauthorized.class,
        Disconnect.fromApi(new TibberApiException(TibberApiException.Kind.UNAUTHENTICATED, "x")));
    assertInstanceOf(Disconnect.Failed.class,
        Disconnect.fromApi(new TibberApiException(TibberApiException.Kind.TRANSIENT, "x")));
  }
}
