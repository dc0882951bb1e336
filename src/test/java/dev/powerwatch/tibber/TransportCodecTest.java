package dev.powerwatch.tibber;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.support.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransportCodecTest {
  private final ObjectMapper mapper = Json.mapper();
  private final TransportCodec codec = new TransportCodec(mapper);

  @Test
  void encodesConnectionInitWithTheTokenPayload() throws Exception {
    ObjectNode payload = mapper.createObjectNode().put("token", "abc");
    String json = codec.encode(new TransportMessage.ConnectionInit(payload));
    assertEquals(mapper.readTree("{\"type\":\"connection_init\",\"payload\":{\"token\":\"abc\"}}"), mapper.readTree(json));
  }

  @Test
  void encodesSubscribeWithQueryAndVariables() throws Exception {
    ObjectNode variables = mapper.createObjectNode().put("homeId", "h1");
    String json = codec.encode(new TransportMessage.Subscribe("7", "subscription { x }", variables));
    assertEquals(mapper.readTree(
        "{\"id\":\"7\",\"type\":\"subscribe\",\"payload\":{\"query\":\"subscription { x }\",\"variables\":{\"homeId\":\"h1\"}}}"),
        mapper.readTree(json));
  }

  @Test
  void encodesPongAndCompleteWithoutEmptyFields() throws Exception {
    assertEquals(mapper.readTree("{\"type\":\"pong\"}"), mapper.readTree(codec.encode(new TransportMessage.Pong(null))));
    assertEquals(mapper.readTree("{\"id\":\"3\",\"type\":\"complete\"}"),
        mapper.readTree(codec.encode(new TransportMessage.Complete("3"))));
  }

  @Test
  void everyMessageSurvivesARoundTrip() throws Exception {
    ObjectNode payload = mapper.createObjectNode();
    payload.putObject("data").putObject("liveMeasurement").put("power", 1);
    List<TransportMessage> messages = List.of(
        new TransportMessage.ConnectionInit(mapper.createObjectNode().put("token", "t")),
        new TransportMessage.ConnectionAck(null),
        new TransportMessage.Ping(null),
        new TransportMessage.Pong(mapper.createObjectNode().put("n", 1)),
        new TransportMessage.Subscribe("1", "subscription { a }", mapper.createObjectNode().put("homeId", "h")),
        new TransportMessage.Next("1", payload),
        new TransportMessage.Error("1", mapper.createArrayNode().add(mapper.createObjectNode().put("message", "m"))),
        new TransportMessage.Complete("1"));
    for (TransportMessage message : messages) {
      assertEquals(message, codec.decode(codec.encode(message)));
    }
  }

  @Test
  void decodesNextWithErrorsAndReadsTheirMessages() throws Exception {
    TransportMessage message = codec.decode(
        "{\"id\":\"1\",\"type\":\"next\",\"payload\":{\"errors\":[{\"message\":\"unable to start stream\"}]}}");
    TransportMessage.Next next = assertInstanceOf(TransportMessage.Next.class, message);
    assertEquals(List.of("unable to start stream"), next.errorMessages());
  }

  @Test
  void decodesErrorMessages() throws Exception {
    TransportMessage.Error error = assertInstanceOf(TransportMessage.Error.class,
        codec.decode("{\"id\":\"2\",\"type\":\"error\",\"payload\":[{\"message\":\"a\"},{\"message\":\"b\"}]}"));
    assertEquals(List.of("a", "b"), error.errorMessages());
  }

  @Test
  void decodesAckWithAndWithoutPayload() throws Exception {
    assertNull(((TransportMessage.ConnectionAck) codec.decode("{\"type\":\"connection_ack\"}")).payload());
    assertEquals(1, ((TransportMessage.ConnectionAck) codec.decode(
        "{\"type\":\"connection_ack\",\"payload\":{\"a\":1}}")).payload().get("a").intValue());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "not JSON                   | {\"type\":                                   | not JSON",
      "a JSON array               | [1,2]                                        | not a JSON object",
      "no type                    | {\"id\":\"1\"}                               | no 'type'",
      "numeric type               | {\"type\":5}                                 | no 'type'",
      "unknown type               | {\"type\":\"data\",\"id\":\"1\"}             | unknown type 'data'",
      "next without id            | {\"type\":\"next\",\"payload\":{}}           | next without an 'id'",
      "next without payload       | {\"type\":\"next\",\"id\":\"1\"}             | next without a 'payload'",
      "error payload not a list   | {\"type\":\"error\",\"id\":\"1\",\"payload\":{}} | error without a 'payload' list",
      "ack payload not an object  | {\"type\":\"connection_ack\",\"payload\":3}  | 'payload' is not an object",
      "subscribe without query    | {\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{}} | has no payload.query",
      "complete with empty id     | {\"type\":\"complete\",\"id\":\"\"}          | complete without an 'id'"})
  void malformedFramesAreRejectedWithTheReason(String name, String frame, String reason) {
    MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> codec.decode(frame.trim()));
    assertTrue(e.getMessage().contains(reason.trim()), e.getMessage());
  }
}
