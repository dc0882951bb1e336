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
  private static final int MAX_HEADER = 10;

  private final int maxPayload;
  private ByteBuffer carried = NOTHING;
  private boolean inFragmentedMessage;

  ServerFrames(int maxPayload) {
    this.maxPayload = maxPayload;
  }

  List<Framedata> read(ByteBuffer input) throws InvalidDataException {
    List<Framedata> frames = new ArrayList<>(4);
    if (carried.hasRemaining() && !completeCarried(input, frames)) {
      return frames;
    }
    Framedata frame;
    while ((frame = next(input)) != null) {
      frames.add(frame);
    }
    carried = input.hasRemaining() ? copy(input) : NOTHING;
    return frames;
  }

  /**
   * Completes the frame begun in an earlier read with just the bytes it still needs, not the
   * whole read; returns false while it is still not whole (then all of the input was taken).
   */
  private boolean completeCarried(ByteBuffer input, List<Framedata> frames) throws InvalidDataException {
    carried = join(carried, input, 2 - carried.remaining());
    if (carried.remaining() >= 2) {
      carried = join(carried, input, headerLength(carried) - carried.remaining());
    }
    long whole = wholeLength(carried);
    if (whole > 0) {
      carried = join(carried, input, (int) Math.min(Integer.MAX_VALUE, whole - carried.remaining()));
    }
    Framedata frame = next(carried);
    if (frame == null) {
      return false;
    }
    frames.add(frame);
    carried = NOTHING;
    return true;
  }

  private static int headerLength(ByteBuffer frame) {
    int length = frame.get(frame.position() + 1) & 0x7F;
    return length == 127 ? MAX_HEADER : length == 126 ? 4 : 2;
  }

  /**
   * A frame's length with its header, or -1 while the header is not whole; a payload past the
   * limit counts as one byte past it, which {@link #next} then refuses.
   */
  private long wholeLength(ByteBuffer frame) {
    if (frame.remaining() < 2 || frame.remaining() < headerLength(frame)) {
      return -1;
    }
    int header = headerLength(frame);
    return header + Math.max(0, Math.min(maxPayload + 1L, payloadLength(frame, header)));
  }

  /** The payload's length as the header gives it; negative when its 64 bits are. */
  private static long payloadLength(ByteBuffer frame, int header) {
    int start = frame.position();
    return switch (header) {
      case 4 -> frame.getShort(start + 2) & 0xFFFF;
      case MAX_HEADER -> frame.getLong(start + 2);
      default -> frame.get(start + 1) & 0x7F;
    };
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
    int header = headerLength(source);
    if (available < header) {
      return null;
    }
    long length = payloadLength(source, header);
    if (length < 0 || length > maxPayload) {
      throw new LimitExceededException("Payload limit reached.", maxPayload);
    }
    if (available < header + length) {
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

  /** {@code first} and at most {@code most} bytes taken from {@code second}, in a new buffer. */
  private static ByteBuffer join(ByteBuffer first, ByteBuffer second, int most) {
    int taken = Math.max(0, Math.min(most, second.remaining()));
    if (taken == 0) {
      return first;
    }
    ByteBuffer joined = ByteBuffer.allocate(first.remaining() + taken);
    joined.put(first.duplicate()).put(second.slice(second.position(), taken)).flip();
    second.position(second.position() + taken);
    return joined;
  }

  private static ByteBuffer copy(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocate(bytes.remaining());
    copy.put(bytes.duplicate()).flip();
    return copy;
  }
}
