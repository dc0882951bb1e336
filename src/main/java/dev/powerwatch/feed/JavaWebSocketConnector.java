package dev.powerwatch.feed;

import dev.powerwatch.logging.LibraryLogGuard;
import dev.powerwatch.support.Failures;
import dev.powerwatch.tibber.RetryAfter;
import dev.powerwatch.tibber.TransportMessage;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.IncompleteHandshakeException;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.InvalidHandshakeException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.Handshakedata;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/**
 * {@link FeedSocket} over Java-WebSocket's client: one thread reads the socket and hands each whole
 * text frame's bytes to the listener as they arrived, with no {@code String} and no second UTF-8
 * pass (the JSON parser checks the encoding as it reads).
 */
final class JavaWebSocketConnector implements FeedSocket.Connector {
  static final int MAX_FRAME_BYTES = 1 << 20;
  /** How long a close frame sent waits for the server's before the connection just ends. */
  static final Duration CLOSE_ANSWER_TIMEOUT = Duration.ofSeconds(2);

  static {
    LibraryLogGuard.install("org.java_websocket");
  }

  private final Duration connectTimeout;
  private final Clock clock;
  private final SSLSocketFactory tls;

  JavaWebSocketConnector(Duration connectTimeout, Clock clock) {
    this(connectTimeout, clock, defaultTls());
  }

  /** @param tls for {@code wss:} URLs; the server's name is checked against its certificate */
  JavaWebSocketConnector(Duration connectTimeout, Clock clock, SSLSocketFactory tls) {
    this.connectTimeout = connectTimeout;
    this.clock = clock;
    this.tls = tls;
  }

  /** The JVM's own: TLS 1.3 and 1.2, the system's trust store. */
  private static SSLSocketFactory defaultTls() {
    try {
      return SSLContext.getDefault().getSocketFactory();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no TLS", e);
    }
  }

  @Override
  public FeedSocket connect(URI uri, String userAgent, FeedSocket.Listener listener) {
    Client client = new Client(uri, listener, clock, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    client.addHeader("User-Agent", userAgent);
    client.setConnectionLostTimeout(0); // silence is the feed's watchdog's call, not the library's
    client.setTcpNoDelay(true);
    client.setDaemon(true); // a socket still connecting never holds the JVM at exit
    if ("wss".equalsIgnoreCase(uri.getScheme())) {
      client.setSocketFactory(tls);
    }
    client.connect();
    return client;
  }

  /**
   * Java-WebSocket's own {@code close()} stops reading at once and may stop its writer before the
   * close frame is out; a server that is still sending then sees the connection end without the
   * close handshake (1006). So the close frame is sent while the socket stays open and reading,
   * and the connection ends when the server answers it, or after {@link #CLOSE_ANSWER_TIMEOUT}.
   */
  private static final class Client extends WebSocketClient implements FeedSocket {
    private final FeedSocket.Listener listener;
    private final Clock clock;
    private volatile Exception error;
    private volatile boolean closeSent;

    Client(URI uri, FeedSocket.Listener listener, Clock clock, int connectTimeoutMillis) {
      super(uri, new BytesDraft(), Map.of(), connectTimeoutMillis);
      this.listener = listener;
      this.clock = clock;
    }

    @Override
    public void close() {
      if (!isOpen()) {
        super.close();
      } else if (closeSent) {
        endConnection();
      } else {
        closeSent = true;
        CloseFrame frame = new CloseFrame();
        frame.setCode(CloseFrame.NORMAL);
        sendFrame(frame);
        CompletableFuture.delayedExecutor(CLOSE_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .execute(this::endConnection);
      }
    }

    /** The server answered the close, or took too long to: the connection ends here. */
    void endConnection() {
      getConnection().closeConnection(CloseFrame.NORMAL, "closed by powerwatch");
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
      listener.opened();
    }

    /** A frame for a socket the server closed meanwhile goes nowhere: the listener hears why it ended. */
    @Override
    public void send(String text) {
      try {
        super.send(text);
      } catch (WebsocketNotConnectedException closedMeanwhile) {
        // its end is on the way to the listener
      }
    }

    @Override
    public void onMessage(String message) {
      listener.text(message);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
      listener.binary();
    }

    @Override
    public void onError(Exception e) {
      error = e;
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      listener.ended(reason(code, reason, remote));
    }

    private Disconnect reason(int code, String reason, boolean remote) {
      Optional<BytesDraft.Refusal> refusal = getConnection().getDraft() instanceof BytesDraft draft
          ? Optional.ofNullable(draft.refusal) : Optional.empty();
      if (refusal.isPresent()) {
        return Disconnect.fromHttpStatus(refusal.get().status(),
            refusal.get().retryAfter().map(value -> RetryAfter.parse(value, clock)));
      }
      if (code == CloseFrame.NEVER_CONNECTED || code == CloseFrame.ABNORMAL_CLOSE) {
        return new Disconnect.Failed(error != null ? Failures.rootCause(error) : "the connection was lost");
      }
      if (remote) {
        return Disconnect.fromCloseCode(code, reason);
      }
      return code == CloseFrame.NORMAL
          ? new Disconnect.GoingAway("closed by powerwatch")
          : new Disconnect.Failed("powerwatch closed the socket with " + code + " '" + reason + "'");
    }
  }

  /**
   * Reads frames with {@link ServerFrames}, passes whole text frames on as bytes, and remembers
   * the status and Retry-After of an upgrade the server refused (the library itself keeps only
   * "wrong status").
   */
  private static final class BytesDraft extends Draft_6455 {
    record Refusal(int status, Optional<String> retryAfter) {}

    private final ServerFrames frames = new ServerFrames(MAX_FRAME_BYTES);
    private int framesLeftInRead;
    private volatile Refusal refusal;

    BytesDraft() {
      super(List.of(), List.of(new Protocol(TransportMessage.SUBPROTOCOL), new Protocol("")), MAX_FRAME_BYTES);
    }

    @Override
    public Draft copyInstance() {
      return new BytesDraft();
    }

    @Override
    public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
      List<Framedata> read = frames.read(buffer);
      framesLeftInRead = read.size();
      return read;
    }

    @Override
    public void processFrame(WebSocketImpl socket, Framedata frame) throws InvalidDataException {
      Client client = (Client) socket.getWebSocketListener();
      FeedSocket.Listener listener = client.listener;
      try {
        if (frame instanceof ServerFrames.WholeText) {
          listener.text(frame.getPayloadData());
        } else if (frame.getOpcode() == Opcode.CLOSING && client.closeSent) {
          client.endConnection();
        } else {
          super.processFrame(socket, frame);
        }
      } finally {
        if (--framesLeftInRead == 0) {
          listener.readDone();
        }
      }
    }

    @Override
    public Handshakedata translateHandshake(ByteBuffer buffer) throws InvalidHandshakeException {
      ByteBuffer peek = buffer.duplicate();
      String statusLine = readStringLine(peek);
      String[] parts = statusLine == null ? new String[0] : statusLine.split(" ", 3);
      if (parts.length >= 2 && !parts[1].equals("101")) {
        refusal = refusal(parts[1], peek);
      }
      return super.translateHandshake(buffer);
    }

    /** The refused upgrade's status and Retry-After; waits for the whole header block first. */
    private static Refusal refusal(String status, ByteBuffer headers) {
      Optional<String> retryAfter = Optional.empty();
      for (String line = readStringLine(headers); line == null || !line.isEmpty(); line = readStringLine(headers)) {
        if (line == null) {
          throw new IncompleteHandshakeException();
        }
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("retry-after")) {
          retryAfter = Optional.of(line.substring(colon + 1).trim());
        }
      }
      try {
        return new Refusal(Integer.parseInt(status), retryAfter);
      } catch (NumberFormatException e) {
        return new Refusal(0, Optional.empty());
      }
    }
  }
}
