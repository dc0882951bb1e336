package dev.powerwatch.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.junit.jupiter.api.Test;

class ServerFramesTest {
  private final ServerFrames frames = new ServerFrames(1 << 20);

  private static byte[] frame(int first, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    if (payload.length < 126) {
      out.write(payload.length);
    } else if (payload.length < 65536) {
      out.write(126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xFF);
    } else {
      out.write(127);
      out.writeBytes(ByteBuffer.allocate(8).putLong(payload.length).array());
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] text(String text) {
    return frame(0x81, text.getBytes(StandardCharsets.UTF_8));
  }

  private static String payload(Framedata frame) {
    return StandardCharsets.UTF_8.decode(frame.getPayloadData().duplicate()).toString();
  }

  private List<Framedata> readInPieces(byte[] bytes, int piece) throws InvalidDataException {
    List<Framedata> read = new ArrayList<>();
    for (int at = 0; at < bytes.length; at += piece) {
      byte[] part = java.util.Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + piece));
      for (Framedata f : frames.read(ByteBuffer.wrap(part))) {
        read.add(f);
        assertEquals(payload(f), payload(f)); // read while the piece is still current
      }
    }
    return read;
  }

  @Test
  void wholeTextFramesComeOutAsViewsOfTheBytesRead() throws InvalidDataException {
    byte[] two = ByteBuffer.allocate(100).put(text("{\"a\":1}")).put(text("ø")).array();
    List<Framedata> read = frames.read(ByteBuffer.wrap(two, 0, text("{\"a\":1}").length + text("ø").length));
    assertEquals(2, read.size());
    assertInstanceOf(ServerFrames.WholeText.class, read.get(0));
    assertEquals("{\"a\":1}", payload(read.get(0)));
    assertEquals("ø", payload(read.get(1)));
  }

  @Test
  void aFrameSplitOverReadsIsJoinedWhateverThePieceSize() throws InvalidDataException {
    String big = "x".repeat(70_000);
    String medium = "y".repeat(300);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(text("small"));
    stream.writeBytes(text(medium));
    stream.writeBytes(text(big));
    for (int piece : new int[] {1, 3, 7, 126, 4096}) {
      List<String> texts = new ArrayList<>();
      for (int at = 0; at < stream.size(); at += piece) {
        byte[] part = java.util.Arrays.copyOfRange(stream.toByteArray(), at, Math.min(stream.size(), at + piece));
        frames.read(ByteBuffer.wrap(part)).forEach(f -> texts.add(payload(f)));
      }
      assertEquals(List.of("small", medium, big), texts, "pieces of " + piece);
    }
  }

  @Test
  void fragmentsAndControlFramesAreCopiedForTheLibrary() throws InvalidDataException {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes(frame(0x01, "{\"a\":".getBytes(StandardCharsets.UTF_8)));
    stream.writeBytes(frame(0x89, "hi".getBytes(StandardCharsets.UTF_8)));
    stream.writeBytes(frame(0x80, "1}".getBytes(StandardCharsets.UTF_8)));
    stream.writeBytes(text("after"));
    stream.writeBytes(frame(0x88, new byte[] {0x03, (byte) 0xE9, 'b', 'y', 'e'}));
    List<Framedata> read = readInPieces(stream.toByteArray(), 5);
    assertEquals(List.of(Opcode.TEXT, Opcode.PING, Opcode.CONTINUOUS, Opcode.TEXT, Opcode.CLOSING),
        read.stream().map(Framedata::getOpcode).toList());
    assertTrue(!(read.get(0) instanceof ServerFrames.WholeText) && !read.get(0).isFin());
    assertInstanceOf(ServerFrames.WholeText.class, read.get(3));
    CloseFrame close = (CloseFrame) read.get(4);
    assertEquals(1001, close.getCloseCode());
    assertEquals("bye", close.getMessage());
  }

  @Test
  void framesThatBreakTheProtocolAreRefused() {
    assertThrows(InvalidFrameException.class,
        () -> frames.read(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'x'})), "masked");
    assertThrows(InvalidFrameException.class,
        () -> new ServerFrames(100).read(ByteBuffer.wrap(frame(0xC1, new byte[] {'x'}))), "reserved bit");
    assertThrows(InvalidFrameException.class,
        () -> new ServerFrames(100).read(ByteBuffer.wrap(frame(0x83, new byte[] {'x'}))), "unknown opcode");
    assertThrows(InvalidFrameException.class,
        () -> new ServerFrames(100).read(ByteBuffer.wrap(frame(0x09, new byte[] {'x'}))), "fragmented ping");
    assertThrows(LimitExceededException.class,
        () -> new ServerFrames(100).read(ByteBuffer.wrap(new byte[] {(byte) 0x81, 126, 0x01, 0x00})), "too big");
    assertThrows(LimitExceededException.class, () -> new ServerFrames(100).read(
        ByteBuffer.wrap(new byte[] {(byte) 0x81, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0})), "negative length");
    byte[] minusOne = {(byte) 0x81, 127, -1, -1, -1, -1, -1, -1, -1, -1};
    ServerFrames split = new ServerFrames(100);
    assertThrows(LimitExceededException.class, () -> {
      split.read(ByteBuffer.wrap(minusOne, 0, 3));
      split.read(ByteBuffer.wrap(minusOne, 3, 7));
    }, "a length of -1 whose header came in two reads");
  }
}
