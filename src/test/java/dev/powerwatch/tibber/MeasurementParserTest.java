package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.Json;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MeasurementParserTest {
  private final ObjectMapper mapper = Json.mapper();

  static final String FULL = """
      {"timestamp":"2026-11-22T13:37:00.000+01:00","power":8123.5,"accumulatedConsumption":12.5,
       "accumulatedConsumptionLastHour":0.75,"accumulatedProduction":0.1,"accumulatedProductionLastHour":0.01,
       "minPower":180,"averagePower":950.2,"maxPower":9100,"lastMeterConsumption":24817.3,
       "lastMeterProduction":12.0,"accumulatedCost":18.1,"accumulatedReward":0.2,"currency":"NOK",
       "powerProduction":0,"minPowerProduction":0,"maxPowerProduction":1500,"powerReactive":40.5,
       "powerProductionReactive":0,"powerFactor":0.97,"voltagePhase1":231.1,"voltagePhase2":229.8,
       "voltagePhase3":230.4,"currentL1":11.7,"currentL2":11.8,"currentL3":11.6,"signalStrength":-72}
      """;

  @Test
  void parsesEveryField() throws Exception {
    Measurement m = MeasurementParser.parse("home-1", mapper.readTree(FULL));
    assertEquals("home-1", m.homeId());
    assertEquals(OffsetDateTime.parse("2026-11-22T13:37:00+01:00"), m.timestamp());
    assertEquals(8123.5, m.power());
    assertEquals(12.5, m.accumulatedConsumption());
    assertEquals(0.75, m.accumulatedConsumptionLastHour());
    assertEquals(0.1, m.accumulatedProduction());
    assertEquals(0.01, m.accumulatedProductionLastHour());
    assertEquals(180, m.minPower());
    assertEquals(950.2, m.averagePower());
    assertEquals(9100, m.maxPower());
    assertEquals(24817.3, m.lastMeterConsumption());
    assertEquals(12.0, m.lastMeterProduction());
    assertEquals(18.1, m.accumulatedCost());
    assertEquals(0.2, m.accumulatedReward());
    assertEquals("NOK", m.currency());
    assertEquals(0.0, m.powerProduction());
    assertEquals(0.0, m.minPowerProduction());
    assertEquals(1500.0, m.maxPowerProduction());
    assertEquals(40.5, m.powerReactive());
    assertEquals(0.0, m.powerProductionReactive());
    assertEquals(0.97, m.powerFactor());
    assertEquals(231.1, m.voltagePhase1());
    assertEquals(229.8, m.voltagePhase2());
    assertEquals(230.4, m.voltagePhase3());
    assertEquals(11.7, m.currentL1());
    assertEquals(11.8, m.currentL2());
    assertEquals(11.6, m.currentL3());
    assertEquals(-72, m.signalStrength());
  }

  @Test
  void nullableFieldsMayBeNullOrAbsent() throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(FULL);
    json.putNull("voltagePhase1");
    json.remove("currentL2");
    json.putNull("currency");
    json.putNull("signalStrength");
    Measurement m = MeasurementParser.parse("h", json);
    assertNull(m.voltagePhase1());
    assertNull(m.currentL2());
    assertNull(m.currency());
    assertNull(m.signalStrength());
  }

  @ParameterizedTest
  @ValueSource(strings = {"timestamp", "power", "accumulatedConsumption", "accumulatedConsumptionLastHour",
      "accumulatedProduction", "accumulatedProductionLastHour", "minPower", "averagePower", "maxPower"})
  void aMissingRequiredFieldIsNamed(String field) throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(FULL);
    json.remove(field);
    MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> MeasurementParser.parse("h", json));
    assertTrue(e.getMessage().contains("liveMeasurement." + field), e.getMessage());
  }

  @Test
  void aTimestampWithoutOffsetIsRejected() throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(FULL);
    json.put("timestamp", "2026-11-22T13:37:00");
    MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> MeasurementParser.parse("h", json));
    assertTrue(e.getMessage().contains("ISO-8601 with an offset"), e.getMessage());
  }

  @Test
  void aNumberSentAsTextIsRejectedByName() throws Exception {
    ObjectNode json = (ObjectNode) mapper.readTree(FULL);
    json.put("currentL1", "11.7");
    MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> MeasurementParser.parse("h", json));
    assertTrue(e.getMessage().contains("liveMeasurement.currentL1 is not a number"), e.getMessage());
  }

  @Test
  void aNonObjectIsRejected() {
    JsonNode array = mapper.createArrayNode();
    assertThrows(MalformedFrameException.class, () -> MeasurementParser.parse("h", array));
  }
}
