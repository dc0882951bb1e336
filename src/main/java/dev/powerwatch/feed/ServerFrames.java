package dev.powerwatch.feed;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidFrameException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.FramedataImpl1;
import org.java_websocket.framing.TextFrame;

/**
 * Splits the bytes a server sent into WebSocket frames (RFC 6455 section 5.2), keeping a partial
 * frame for the next read. A whole, unfragmented text frame comes out as a {@link WholeText} whose
 * payload is a view of the bytes read, valid until the next read: the JSON parser reads it there
 * and checks its UTF-8 as it goes, so the frame is neither copied nor scanned twice. Every other
 * frame is copied and checked as Java-WebSocket checks it.
 */
final class ServerFrames {
  /** A whole text message in one frame; its payload is only valid until the next read. */
  static final class WholeText extends TextFrame {}

  private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

  private final int maxPayload;
  private ByteBuffer carried = NOTHING;
  private boolean inFragmentedMessage;

  ServerFrames(int maxPayload) {
    this.maxPayload = maxPayload;
  }

  List<Framedata> read(ByteBuffer input) throws InvalidDataException {
    ByteBuffer source = carried.hasRemaining() ? join(carried, input) : input;
    List<Framedata> frames = new ArrayList<>(4);
    Framedata frame;
    while ((frame = next(source)) != null) {
      frames.add(frame);
    }
    carried = source.hasRemaining() ? copy(source) : NOTHING;
    return frames;
  }

  /** The next whole frame, advancing past it; {@code null} when the rest is not a whole frame yet. */
  private Framedata next(ByteBuffer source) throws InvalidDataException {
    int start = source.position();
    int available = source.remaining();
    if (available < 2) {
      return null;
    }
    int first = source.get(start) & 0xFF;
    int second = source.get(start + 1) & 0xFF;
    if ((second & 0x80) != 0) {
      throw new InvalidFrameException("the server sent a masked frame");
    }
    if ((first & 0x70) != 0) {
      throw new InvalidFrameException("reserved bits set, but no extension was agreed");
    }
    int header = 2;
    long length = second & 0x7F;
    if (length == 126) {
      header = 4;
      length = available < header ? -1 : source.getShort(start + 2) & 0xFFFF;
    } else if (length == 127) {
      header = 10;
      length = available < header ? -1 : source.getLong(start + 2);
      if (length < -1) {
        throw new LimitExceededException("Payload limit reached.", maxPayload);
      }
    }
    if (length > maxPayload) {
      throw new LimitExceededException("Payload limit reached.", maxPayload);
    }
    if (length < 0 || available < header + length) {
      return null;
    }
    source.position(start + header + (int) length);
    return frame(first, source.slice(start + header, (int) length));
  }

  private Framedata frame(int first, ByteBuffer payload) throws InvalidDataException {
    boolean fin = (first & 0x80) != 0;
    Opcode opcode = opcode(first & 0x0F);
    if (opcode == Opcode.TEXT && fin && !inFragmentedMessage) {
      WholeText text = new WholeText();
      text.setPayload(payload);
      return text;
    }
    FramedataImpl1 frame = FramedataImpl1.get(opcode);
    frame.setFin(fin);
    frame.setPayload(copy(payload));
    switch (opcode) {
      case TEXT, BINARY -> inFragmentedMessage = !fin;
      case CONTINUOUS -> inFragmentedMessage = inFragmentedMessage && !fin;
      default -> {
        if (!fin || payload.remaining() > 125) {
          throw new InvalidFrameException("a control frame must be whole and at most 125 bytes");
        }
        frame.isValid();
      }
    }
    return frame;
  }

  private static Opcode opcode(int code) throws InvalidFrameException {
    return switch (code) {
      case 0 -> Opcode.CONTINUOUS;
      case 1 -> Opcode.TEXT;
      case 2 -> Opcode.BINARY;
      case 8 -> Opcode.CLOSING;
      case 9 -> Opcode.PING;
      case 10 -> Opcode.PONG;
      default -> throw new InvalidFrameException("unknown opcode " + code);
    };
  }

  private static ByteBuffer join(ByteBuffer first, ByteBuffer second) {
    ByteBuffer joined = ByteBuffer.allocate(first.remaining() + second.remaining());
    joined.put(first).put(second).flip();
    return joined;
  }

  private static ByteBuffer copy(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes.duplicate()).flip();
    return copy;
  }
}
