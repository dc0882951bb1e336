package dev.powerwatch.tibber;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The fast path for the frame that comes thousands of times: a {@code next} whose payload is
 * {@code data.liveMeasurement}, read in one pass from the text straight into a {@link Measurement},
 * without a tree. Anything else (another type, errors, an unknown subscription, a value of the
 * wrong kind, the payload before the id and type) gives empty: the caller then takes the general
 * path, which decodes any message and names what is wrong with it.
 *
 * <p>One parser serves one socket, read by one thread at a time: it keeps what frames repeat (the
 * subscription id, the currency, the day) so that a frame costs no {@code String} of its own.
 */
public final class LiveFrameParser {
  private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private final double[] numbers = new double[Field.values().length];
  private String lastId = "";
  private String lastCurrency = "";
  private LocalDate lastDay = LocalDate.EPOCH;

  /** @param homeOfSubscription the home a subscription id belongs to, or {@code null} */
  public Optional<Measurement> parse(String text, Function<String, String> homeOfSubscription) {
    try (JsonParser json = factory.createParser(text)) {
      return Optional.ofNullable(frame(json, homeOfSubscription));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The same over a frame's UTF-8 bytes, without a {@code String} of the whole frame. */
  public Optional<Measurement> parse(byte[] utf8, int offset, int length,
      Function<String, String> homeOfSubscription) {
    try (JsonParser json = factory.createParser(utf8, offset, length)) {
      return Optional.ofNullable(frame(json, homeOfSubscription));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private Measurement frame(JsonParser json, Function<String, String> homeOfSubscription) throws IOException {
    if (json.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String id = null;
    boolean next = false;
    Measurement measurement = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      if (field.equals("id") && value == JsonToken.VALUE_STRING) {
        id = lastId = repeated(json, lastId);
      } else if (field.equals("type") && value == JsonToken.VALUE_STRING) {
        next = textIs(json, "next");
      } else if (field.equals("payload") && next && id != null) {
        String homeId = homeOfSubscription.apply(id);
        measurement = homeId == null ? null : payload(json, homeId);
        if (measurement == null) {
          return null;
        }
      } else {
        return null;
      }
    }
    return json.currentToken() == JsonToken.END_OBJECT ? measurement : null;
  }

  /** {@code {"data": {"liveMeasurement": {...}}}} and nothing else. */
  private Measurement payload(JsonParser json, String homeId) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT || json.nextToken() != JsonToken.FIELD_NAME
        || !json.currentName().equals("data") || json.nextToken() != JsonToken.START_OBJECT
        || json.nextToken() != JsonToken.FIELD_NAME || !json.currentName().equals("liveMeasurement")
        || json.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    Measurement measurement = measurement(json, homeId);
    boolean closed = json.nextToken() == JsonToken.END_OBJECT && json.nextToken() == JsonToken.END_OBJECT;
    return closed ? measurement : null;
  }

  private Measurement measurement(JsonParser json, String homeId) throws IOException {
    Arrays.fill(numbers, Double.NaN); // JSON has no NaN: it marks a field this frame did not carry
    OffsetDateTime timestamp = null;
    String currency = null;
    int position = -1;
    for (int at = nextField(json, 0); at != END; at = nextField(json, position + 1)) {
      position = at == UNKNOWN ? position : at;
      int slot = at == UNKNOWN ? UNKNOWN : SLOT_IN_QUERY[at];
      JsonToken value = json.nextToken();
      if (slot == TIMESTAMP) {
        timestamp = value == JsonToken.VALUE_STRING ? timestamp(json) : null;
      } else if (slot == CURRENCY) {
        if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
          return null;
        }
        currency = value == JsonToken.VALUE_NULL ? null : (lastCurrency = repeated(json, lastCurrency));
      } else if (slot == UNKNOWN) {
        json.skipChildren();
      } else if (value.isNumeric()) {
        numbers[slot] = json.getDoubleValue();
      } else if (value != JsonToken.VALUE_NULL) {
        return null;
      }
    }
    return timestamp == null || !Field.requiredPresent(numbers) ? null : Field.build(homeId, timestamp, currency,
        numbers);
  }

  /**
   * The next field's position in the query, {@link #UNKNOWN} for a field the query does not ask
   * for, or {@link #END} after the last. GraphQL answers in the query's order, so the field
   * expected next is matched on its bytes first, without looking its name up.
   */
  private static int nextField(JsonParser json, int expected) throws IOException {
    if (expected < QUERY_ORDER.length && json.nextFieldName(QUERY_ORDER[expected])) {
      return expected;
    }
    JsonToken token = expected < QUERY_ORDER.length ? json.currentToken() : json.nextToken();
    return token == JsonToken.FIELD_NAME ? POSITION_IN_QUERY.getOrDefault(json.currentName(), UNKNOWN) : END;
  }

  private static final int END = -3;
  private static final int UNKNOWN = -2;
  private static final int TIMESTAMP = -1;
  private static final int CURRENCY = -4;
  private static final SerializedString[] QUERY_ORDER =
      Arrays.stream(Measurement.FIELDS.split(" ")).map(SerializedString::new).toArray(SerializedString[]::new);
  /** For each field of the query: where its value goes, a {@link Field} ordinal or one of the two others. */
  private static final int[] SLOT_IN_QUERY = Arrays.stream(QUERY_ORDER).mapToInt(name -> switch (name.getValue()) {
    case "timestamp" -> TIMESTAMP;
    case "currency" -> CURRENCY;
    default -> Field.valueOf(name.getValue()).ordinal();
  }).toArray();
  private static final Map<String, Integer> POSITION_IN_QUERY = IntStream.range(0, QUERY_ORDER.length).boxed()
      .collect(Collectors.toUnmodifiableMap(i -> QUERY_ORDER[i].getValue(), i -> i));

  /** The current string value, as {@code last} when it has the same characters. */
  private static String repeated(JsonParser json, String last) throws IOException {
    return textIs(json, last) ? last : json.getText();
  }

  private static boolean textIs(JsonParser json, String expected) throws IOException {
    int length = json.getTextLength();
    if (length != expected.length()) {
      return false;
    }
    char[] text = json.getTextCharacters();
    int from = json.getTextOffset();
    for (int i = 0; i < length; i++) {
      if (text[from + i] != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private OffsetDateTime timestamp(JsonParser json) throws IOException {
    OffsetDateTime usual = usualTimestamp(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
    if (usual != null) {
      return usual;
    }
    try {
      return OffsetDateTime.parse(json.getText());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static OffsetDateTime usualTimestamp(String text) {
    return new LiveFrameParser().usualTimestamp(text.toCharArray(), 0, text.length());
  }

  /**
   * Tibber's own shape, {@code 2026-11-22T13:37:00.000+01:00} (or {@code ...:00+01:00}, or
   * {@code Z}), read by position: DateTimeFormatter's general parse is the costliest step of a
   * frame. Anything else gives {@code null} and goes to the general parse.
   */
  private OffsetDateTime usualTimestamp(char[] text, int from, int length) {
    boolean millis = length == 29 || length == 24;
    if (!(length == 25 || length == 20 || millis) || text[from + 4] != '-' || text[from + 7] != '-'
        || text[from + 10] != 'T' || text[from + 13] != ':' || text[from + 16] != ':'
        || millis && text[from + 19] != '.') {
      return null;
    }
    int zone = from + (millis ? 23 : 19);
    int end = from + length;
    ZoneOffset offset;
    if (text[zone] == 'Z' && end == zone + 1) {
      offset = ZoneOffset.UTC;
    } else if ((text[zone] == '+' || text[zone] == '-') && end == zone + 6 && text[zone + 3] == ':') {
      int seconds = (digits(text, zone + 1, 2) * 60 + digits(text, zone + 4, 2)) * 60;
      offset = ZoneOffset.ofTotalSeconds(text[zone] == '-' ? -seconds : seconds);
    } else {
      return null;
    }
    int nanos = millis ? digits(text, from + 20, 3) * 1_000_000 : 0;
    LocalTime time = LocalTime.of(digits(text, from + 11, 2), digits(text, from + 14, 2), digits(text, from + 17, 2),
        nanos);
    return OffsetDateTime.of(LocalDateTime.of(day(digits(text, from, 4), digits(text, from + 5, 2),
        digits(text, from + 8, 2)), time), offset);
  }

  private LocalDate day(int year, int month, int dayOfMonth) {
    if (lastDay.getYear() != year || lastDay.getMonthValue() != month || lastDay.getDayOfMonth() != dayOfMonth) {
      lastDay = LocalDate.of(year, month, dayOfMonth);
    }
    return lastDay;
  }

  private static int digits(char[] text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text[i];
      if (c < '0' || c > '9') {
        throw new DateTimeParseException("not a digit", new String(text), i);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** The numeric fields of {@code liveMeasurement}, in the record's order. */
  private enum Field {
    power, accumulatedConsumption, accumulatedConsumptionLastHour, accumulatedProduction,
    accumulatedProductionLastHour, minPower, averagePower, maxPower, lastMeterConsumption, lastMeterProduction,
    accumulatedCost, accumulatedReward, powerProduction, minPowerProduction, maxPowerProduction, powerReactive,
    powerProductionReactive, powerFactor, voltagePhase1, voltagePhase2, voltagePhase3, currentL1, currentL2,
    currentL3, signalStrength;

    private static final int REQUIRED = maxPower.ordinal() + 1;

    static boolean requiredPresent(double[] numbers) {
      for (int i = 0; i < REQUIRED; i++) {
        if (Double.isNaN(numbers[i])) {
          return false;
        }
      }
      return true;
    }

    static Measurement build(String homeId, OffsetDateTime timestamp, String currency, double[] n) {
      double signal = n[signalStrength.ordinal()];
      return new Measurement(homeId, timestamp, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], boxed(n[8]),
          boxed(n[9]), boxed(n[10]), boxed(n[11]), currency, boxed(n[12]), boxed(n[13]), boxed(n[14]), boxed(n[15]),
          boxed(n[16]), boxed(n[17]), boxed(n[18]), boxed(n[19]), boxed(n[20]), boxed(n[21]), boxed(n[22]),
          boxed(n[23]), Double.isNaN(signal) ? null : (int) Math.round(signal));
    }

    private static Double boxed(double value) {
      return Double.isNaN(value) ? null : value;
    }
  }
}
