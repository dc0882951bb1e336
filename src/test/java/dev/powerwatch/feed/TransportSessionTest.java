package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.TransportMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The graphql-transport-ws bookkeeping, message by message, without a socket. */
class TransportSessionTest {
  private final TransportSession session = new TransportSession(List.of("home-a", "home-b"));

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  private List<TransportMessage.Subscribe> acknowledge() {
    return ((TransportSession.Acknowledged) session.receive(new TransportMessage.ConnectionAck(null))).subscribes();
  }

  @Test
  void theInitCarriesTheTokenAndTheAckSubscribesEveryHomeUnderItsOwnId() {
    assertEquals("{\"token\":\"t0k\"}", TransportSession.init("t0k").payload().toString());
    List<TransportMessage.Subscribe> subscribes = acknowledge();
    assertEquals(List.of("1", "2"), subscribes.stream().map(TransportMessage.Subscribe::id).toList());
    assertEquals(List.of("home-a", "home-b"),
        subscribes.stream().map(s -> s.variables().path("homeId").asText()).toList());
    subscribes.forEach(s -> assertEquals(TransportSession.SUBSCRIPTION_QUERY, s.query()));
    assertEquals("home-b", session.homeOf("2"));
    assertEquals(List.of("home-a", "home-b"), session.subscribedHomes());
  }

  @Test
  void aRepeatedAckSubscribesNothingMore() {
    acknowledge();
    assertInstanceOf(TransportSession.Ignored.class, session.receive(new TransportMessage.ConnectionAck(null)));
    assertEquals(2, session.completeAll().size());
  }

  @Test
  void aPingIsAnsweredWithAPongAndAPongIsIgnored() {
    assertEquals(new TransportSession.Reply(new TransportMessage.Pong(null)),
        session.receive(new TransportMessage.Ping(null)));
    assertInstanceOf(TransportSession.Ignored.class, session.receive(new TransportMessage.Pong(null)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "complete of ours        | complete | 1  | | home-a | was completed by the server",
      "error of ours           | error    | 2  | [{\"message\":\"boom\"},{\"message\":\"again\"}] | home-b | failed: boom; again",
      "complete of another id  | complete | 99 | | | ",
      "error of another id     | error    | 99 | [] | | "})
  void theServerEndingASubscriptionEndsOnlyThatHome(String name, String type, String id, String errors,
      String home, String why) throws Exception {
    acknowledge();
    TransportMessage message = type.equals("complete") ? new TransportMessage.Complete(id)
        : new TransportMessage.Error(id, json(errors));
    TransportSession.Reaction reaction = session.receive(message);
    if (home == null) {
      assertInstanceOf(TransportSession.Ignored.class, reaction);
      assertEquals(2, session.subscribedHomes().size());
    } else {
      assertEquals(new TransportSession.SubscriptionEnded(home, why), reaction);
      assertNull(session.homeOf(id));
      assertEquals(List.of(home.equals("home-a") ? "home-b" : "home-a"), session.subscribedHomes());
    }
  }

  @Test
  void aResubscribeTakesANewId() {
    acknowledge();
    session.receive(new TransportMessage.Complete("1"));
    TransportMessage.Subscribe again = session.subscribe("home-a");
    assertEquals("3", again.id());
    assertEquals("home-a", session.homeOf("3"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "errors for a home         | 1  | {\"errors\":[{\"message\":\"meter offline\"}]} | Reported",
      "neither data nor errors   | 1  | {\"data\":null}                                 | Malformed",
      "an unknown subscription   | 42 | {\"errors\":[{\"message\":\"x\"}]}             | Ignored"})
  void aNextThatCarriesNoMeasurement(String name, String id, String payload, String kind) throws Exception {
    acknowledge();
    TransportSession.Reaction reaction = session.receive(new TransportMessage.Next(id, json(payload)));
    assertEquals(kind, reaction.getClass().getSimpleName(), reaction.toString());
    if (reaction instanceof TransportSession.Reported reported) {
      assertEquals(new TransportSession.Reported("home-a", List.of("meter offline")), reported);
    }
  }

  @Test
  void aClientMessageFromTheServerBreaksTheProtocol() {
    assertEquals(new TransportSession.Malformed("unexpected Subscribe from the server"),
        session.receive(new TransportMessage.Subscribe("1", "q", null)));
  }

  @Test
  void completeAllEndsEveryOpenSubscription() {
    acknowledge();
    session.receive(new TransportMessage.Complete("1"));
    assertEquals(List.of(new TransportMessage.Complete("2")), session.completeAll());
  }
}
