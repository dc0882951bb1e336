package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.powerwatch.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fast path gives exactly what the general path (a tree, then MeasurementParser) gives, and
 * declines everything else so that the general path can name the problem.
 */
class LiveFrameParserTest {
  private static final ObjectMapper mapper = Json.mapper();
  private static final Map<String, String> HOMES = Map.of("7", "home-1");
  private static final String LIVE = MeasurementParserTest.FULL.strip();
  private final LiveFrameParser fast = new LiveFrameParser();

  private static String frame(String head, String measurement) {
    return "{" + head + "\"payload\":{\"data\":{\"liveMeasurement\":" + measurement + "}}}";
  }

  /** The text and the bytes entry must agree; the bytes sit inside a larger buffer, as a socket's do. */
  private Optional<Measurement> fast(String text) {
    Optional<Measurement> fromText = fast.parse(text, HOMES::get);
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    byte[] buffer = new byte[utf8.length + 8];
    System.arraycopy(utf8, 0, buffer, 5, utf8.length);
    assertEquals(fromText, fast.parse(buffer, 5, utf8.length, HOMES::get), "from bytes");
    return fromText;
  }

  private static Measurement general(String text) throws Exception {
    JsonNode live = mapper.readTree(text).path("payload").path("data").path("liveMeasurement");
    return MeasurementParser.parse("home-1", live);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "every field                 | \"id\":\"7\",\"type\":\"next\", | FULL",
      "type before id              | \"type\":\"next\",\"id\":\"7\", | FULL",
      "only the required fields    | \"id\":\"7\",\"type\":\"next\", | {\"timestamp\":\"2026-11-22T13:37:00+01:00\",\"power\":500,\"accumulatedConsumption\":1.5,\"accumulatedConsumptionLastHour\":0.2,\"accumulatedProduction\":0,\"accumulatedProductionLastHour\":0,\"minPower\":100,\"averagePower\":400,\"maxPower\":900}",
      "nulls between the readings  | \"id\":\"7\",\"type\":\"next\", | {\"voltagePhase1\":null,\"currentL1\":null,\"currency\":null,\"signalStrength\":null,\"timestamp\":\"2026-11-22T13:37:00+01:00\",\"power\":500,\"accumulatedConsumption\":1.5,\"accumulatedConsumptionLastHour\":0.2,\"accumulatedProduction\":0,\"accumulatedProductionLastHour\":0,\"minPower\":100,\"averagePower\":400,\"maxPower\":900}",
      "a field powerwatch ignores  | \"id\":\"7\",\"type\":\"next\", | {\"extra\":{\"nested\":[1,2]},\"timestamp\":\"2026-11-22T13:37:00Z\",\"power\":1e3,\"accumulatedConsumption\":1.5,\"accumulatedConsumptionLastHour\":0.2,\"accumulatedProduction\":0,\"accumulatedProductionLastHour\":0,\"minPower\":100,\"averagePower\":400,\"maxPower\":900}"})
  void givesWhatTheGeneralPathGives(String name, String head, String measurement) throws Exception {
    String text = frame(head.trim(), measurement.trim().equals("FULL") ? LIVE : measurement.trim());
    assertEquals(Optional.of(general(text)), fast(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "an unknown subscription  | {\"id\":\"8\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":LIVE}}}",
      "payload before the id    | {\"payload\":{\"data\":{\"liveMeasurement\":LIVE}},\"id\":\"7\",\"type\":\"next\"}",
      "not a next               | {\"id\":\"7\",\"type\":\"complete\"}",
      "errors beside the data   | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":LIVE},\"errors\":[]}}",
      "errors instead           | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"errors\":[{\"message\":\"x\"}]}}",
      "a number as text         | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":{\"timestamp\":\"2026-11-22T13:37:00Z\",\"power\":\"500\"}}}}",
      "a required field missing | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":{\"timestamp\":\"2026-11-22T13:37:00Z\",\"power\":500}}}}",
      "a bad timestamp          | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":{\"liveMeasurement\":{\"timestamp\":\"13:37\",\"power\":500}}}}",
      "not JSON                 | {\"id\":\"7\",\"type\":\"next\",\"payload\":{\"data\":",
      "a ping                   | {\"type\":\"ping\"}"})
  void declinesEverythingElse(String name, String text) {
    assertTrue(fast(text.trim().replace("LIVE", LIVE)).isEmpty(), name);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-11-22T13:37:00.000+01:00", "2026-11-22T13:37:00+01:00", "2026-11-22T12:37:00.250Z",
      "2026-11-22T12:37:00Z", "2026-10-25T02:30:00.000+02:00", "2026-10-25T02:30:00.000+01:00",
      "2026-06-01T00:00:00.000-03:30"})
  void tibbersTimestampsAreReadAsTheGeneralParseReadsThem(String text) {
    assertEquals(java.time.OffsetDateTime.parse(text), LiveFrameParser.usualTimestamp(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-11-22T13:37:00.0+01:00", "2026-11-22 13:37:00+01:00", "2026-11-22T13:37+01:00",
      "2026-11-22T13:37:00.000+0100"})
  void otherShapesGoToTheGeneralParse(String text) {
    assertEquals(null, LiveFrameParser.usualTimestamp(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"2026-13-22T13:37:00.000+01:00", "2026-11-22T1x:37:00.000+01:00"})
  void aTimestampThatIsNoTimeDeclinesTheFrame(String text) {
    String measurement = LIVE.replace("2026-11-22T13:37:00.000+01:00", text);
    assertTrue(fast(frame("\"id\":\"7\",\"type\":\"next\",", measurement)).isEmpty());
  }
}
