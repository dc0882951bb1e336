package dev.powerwatch.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.model.headers.UserAgent;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.http.javadsl.model.ws.WebSocketRequest;
import akka.stream.Materializer;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.javadsl.SourceQueueWithComplete;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.simulator.SimulatorConfig;
import dev.powerwatch.support.Json;
import dev.powerwatch.tibber.LiveFrameParser;
import dev.powerwatch.tibber.MalformedFrameException;
import dev.powerwatch.tibber.Measurement;
import dev.powerwatch.tibber.MeasurementParser;
import dev.powerwatch.tibber.TransportCodec;
import dev.powerwatch.tibber.TransportMessage;
import dev.powerwatch.feed.DaemonFeedSocket;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.protocols.Protocol;

/**
 * One WebSocket client on the simulator's flood, in a JVM of its own so its memory can be read:
 * graphql-transport-ws handshake, one subscription to the demo home, a warm-up flood of a quarter
 * of N, then a flood of N. Every frame takes the daemon's decode path (TransportCodec, then
 * MeasurementParser, behind the one-pass LiveFrameParser for the usual frame). Run with bench/transports;
 * not part of the test suite.
 *
 * <p>Arguments: client (akka-http, jdk, java-websocket, netty, powerwatch), simulator base URL
 * (http://127.0.0.1:PORT), feed URL (ws://127.0.0.1:PORT/...), measurements per flood.
 */
public final class TransportBenchmark {
  private static final String HOME = SimulatorConfig.DEMO_HOME_ID;
  private static final String QUERY =
      "subscription($homeId: ID!) { liveMeasurement(homeId: $homeId) { " + Measurement.FIELDS + " } }";
  private static final long FLOOD_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);
  private static final HttpClient http = HttpClient.newHttpClient();

  private TransportBenchmark() {}

  /** The part that differs between clients: open a socket, send text, hand every text frame on. */
  interface FeedClient {
    void open(URI feed, String userAgent, FrameCounter frames) throws Exception;

    void send(String text);
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    URI simulator = URI.create(args[1]);
    URI feed = URI.create(args[2]);
    long count = Long.parseLong(args[3]);
    FrameCounter frames = new FrameCounter();
    FeedClient client = client(name);
    client.open(feed, "powerwatch/bench " + name, frames);
    subscribe(client, frames);
    waitForFirstMeasurement(simulator, frames);
    flood(simulator, frames, count / 4);
    double rate = flood(simulator, frames, count);
    Runtime runtime = Runtime.getRuntime();
    long heapUsedMib = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    System.out.printf(Locale.ROOT, "RESULT %s %.0f %d %d%n", name, rate, peakRssKb(), heapUsedMib);
    System.exit(0);
  }

  private static FeedClient client(String name) {
    return switch (name) {
      case "akka-http" -> new AkkaHttpFeed();
      case "jdk" -> new JdkFeed();
      case "java-websocket" -> new JavaWebSocketFeed();
      case "netty" -> new NettyFeed();
      case "powerwatch" -> new DaemonFeed();
      default -> throw new IllegalArgumentException("unknown client " + name);
    };
  }

  private static void subscribe(FeedClient client, FrameCounter frames) throws InterruptedException {
    TransportCodec codec = new TransportCodec(Json.mapper());
    ObjectNode token = Json.mapper().createObjectNode().put("token", SimulatorConfig.DEMO_TOKEN);
    client.send(codec.encode(new TransportMessage.ConnectionInit(token)));
    if (!frames.acknowledged.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no connection_ack within 10 s");
    }
    ObjectNode variables = Json.mapper().createObjectNode().put("homeId", HOME);
    client.send(codec.encode(new TransportMessage.Subscribe("1", QUERY, variables)));
  }

  /** The subscription is in place once a flood of one arrives. */
  private static void waitForFirstMeasurement(URI simulator, FrameCounter frames) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (frames.measurements.get() == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no measurement within 10 s of subscribing");
      }
      post(simulator, "/simulator/flood?home=" + HOME + "&count=1");
      Thread.sleep(50);
    }
  }

  /** Measurements per second, from asking for the flood to its last measurement parsed. */
  private static double flood(URI simulator, FrameCounter frames, long count) throws Exception {
    long target = frames.measurements.get() + count;
    long start = System.nanoTime();
    post(simulator, "/simulator/flood?home=" + HOME + "&count=" + count);
    while (frames.measurements.get() < target) {
      if (System.nanoTime() - start > FLOOD_TIMEOUT_NANOS) {
        throw new IllegalStateException("flood of " + count + " not received within 120 s");
      }
      Thread.sleep(1);
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void post(URI simulator, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(simulator.resolve(path))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static long peakRssKb() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> Long.parseLong(line.replaceAll("\\D", "")))
        .findFirst().orElse(-1L);
  }

  /** The daemon's decode of every text frame; counts measurements, keeps the last one. */
  static final class FrameCounter implements DaemonFeedSocket.Frames {
    final AtomicLong measurements = new AtomicLong();
    final CountDownLatch acknowledged = new CountDownLatch(1);
    private final TransportCodec codec = new TransportCodec(Json.mapper());
    private final LiveFrameParser fast = new LiveFrameParser();
    volatile Measurement last;

    /** A whole text frame's UTF-8, parsed where it lies, as the daemon does. */
    @Override
    public void bytes(byte[] utf8, int offset, int length) {
      java.util.Optional<Measurement> measurement = fast.parse(utf8, offset, length, id -> HOME);
      if (measurement.isPresent()) {
        counted(measurement.get());
      } else {
        onText(new String(utf8, offset, length, java.nio.charset.StandardCharsets.UTF_8));
      }
    }

    @Override
    public void text(String message) {
      onText(message);
    }

    private void counted(Measurement measurement) {
      last = measurement;
      measurements.lazySet(measurements.get() + 1);
    }

    void onText(String text) {
      java.util.Optional<Measurement> measurement = fast.parse(text, id -> HOME);
      if (measurement.isPresent()) {
        counted(measurement.get());
        return;
      }
      try {
        TransportMessage message = codec.decode(text);
        if (message instanceof TransportMessage.Next next) {
          last = MeasurementParser.parse(HOME, next.payload().path("data").path("liveMeasurement"));
          measurements.lazySet(measurements.get() + 1);
        } else if (message instanceof TransportMessage.ConnectionAck) {
          acknowledged.countDown();
        } else {
          System.err.println("unexpected frame: " + text);
        }
      } catch (MalformedFrameException e) {
        System.err.println("malformed frame: " + e.getMessage());
      }
    }
  }

  /** Akka HTTP 10.5.3, as the daemon uses it; streamed text frames are joined with toStrict. */
  static final class AkkaHttpFeed implements FeedClient {
    private SourceQueueWithComplete<Message> outbound;

    @Override
    public void open(URI feed, String userAgent, FrameCounter frames) throws Exception {
      Consumer<String> onText = frames::onText;
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bench");
      Materializer materializer = Materializer.createMaterializer(system);
      Sink<Message, ?> inbound = Flow.<Message>create()
          .filter(Message::isText)
          .mapAsync(1, message -> strictText(message.asTextMessage(), materializer))
          .to(Sink.foreach(onText::accept));
      Source<Message, SourceQueueWithComplete<Message>> queue = Source.queue(16, OverflowStrategy.fail());
      WebSocketRequest request = WebSocketRequest.create(feed.toString())
          .requestSubprotocol(TransportMessage.SUBPROTOCOL)
          .addHeader(UserAgent.create(userAgent));
      var started = Http.get(system).singleWebSocketRequest(request,
          Flow.fromSinkAndSourceCoupledMat(inbound, queue, Keep.right()), materializer);
      started.first().toCompletableFuture().get(10, TimeUnit.SECONDS);
      outbound = started.second();
    }

    private static CompletionStage<String> strictText(TextMessage text, Materializer materializer) {
      if (text.isStrict()) {
        return CompletableFuture.completedFuture(text.getStrictText());
      }
      return text.toStrict(10_000, materializer).thenApply(TextMessage::getStrictText);
    }

    @Override
    public void send(String text) {
      outbound.offer(TextMessage.create(text));
    }
  }

  /** The JDK's java.net.http.WebSocket; a text frame may arrive in parts. */
  static final class JdkFeed implements FeedClient {
    private WebSocket socket;

    @Override
    public void open(URI feed, String userAgent, FrameCounter frames) throws Exception {
      Consumer<String> onText = frames::onText;
      socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .subprotocols(TransportMessage.SUBPROTOCOL)
          .header("User-Agent", userAgent)
          .buildAsync(feed, new TextJoiner(onText))
          .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void send(String text) {
      socket.sendText(text, true).join();
    }
  }

  static final class TextJoiner implements WebSocket.Listener {
    private final Consumer<String> onText;
    private final StringBuilder parts = new StringBuilder();

    TextJoiner(Consumer<String> onText) {
      this.onText = onText;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      if (last && parts.length() == 0) {
        onText.accept(data.toString());
      } else {
        parts.append(data);
        if (last) {
          onText.accept(parts.toString());
          parts.setLength(0);
        }
      }
      socket.request(1);
      return null;
    }
  }

  /** Java-WebSocket 1.6.0, the library the simulator serves with. */
  static final class JavaWebSocketFeed implements FeedClient {
    private WebSocketClient socket;

    @Override
    public void open(URI feed, String userAgent, FrameCounter frames) throws Exception {
      Consumer<String> onText = frames::onText;
      Draft_6455 draft = new Draft_6455(Collections.emptyList(),
          List.of(new Protocol(TransportMessage.SUBPROTOCOL)));
      socket = new WebSocketClient(feed, draft, Map.of("User-Agent", userAgent), 0) {
        @Override
        public void onOpen(ServerHandshake handshake) {}

        @Override
        public void onMessage(String text) {
          onText.accept(text);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {}

        @Override
        public void onError(Exception e) {
          System.err.println("socket error: " + e);
        }
      };
      socket.setTcpNoDelay(true);
      if (!socket.connectBlocking(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Java-WebSocket did not connect to " + feed);
      }
    }

    @Override
    public void send(String text) {
      socket.send(text);
    }
  }

  /** Netty 4.2 on one NIO event loop thread; WebSocketFrameAggregator joins a fragmented text frame. */
  static final class NettyFeed implements FeedClient {
    private static final int MAX_FRAME = 1 << 20;
    private Channel channel;

    @Override
    public void open(URI feed, String userAgent, FrameCounter frames) throws Exception {
      Consumer<String> onText = frames::onText;
      CompletableFuture<Void> handshake = new CompletableFuture<>();
      channel = new Bootstrap()
          .group(new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()))
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel socket) {
              socket.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                  new WebSocketClientProtocolHandler(config(feed, userAgent)),
                  new WebSocketFrameAggregator(MAX_FRAME), new TextFrames(frames, handshake));
            }
          })
          .connect(feed.getHost(), feed.getPort()).sync().channel();
      handshake.get(10, TimeUnit.SECONDS);
    }

    /** No Utf8FrameValidator, a pass of its own over every frame: the JSON parser checks UTF-8 as it reads. */
    private static WebSocketClientProtocolConfig config(URI feed, String userAgent) {
      return WebSocketClientProtocolConfig.newBuilder()
          .webSocketUri(feed)
          .subprotocol(TransportMessage.SUBPROTOCOL)
          .customHeaders(new DefaultHttpHeaders().set(HttpHeaderNames.USER_AGENT, userAgent))
          .maxFramePayloadLength(MAX_FRAME)
          .withUTF8Validator(false)
          .build();
    }

    @Override
    public void send(String text) {
      channel.writeAndFlush(new TextWebSocketFrame(text)).syncUninterruptibly();
    }
  }

  /** Hands every text frame's bytes on, as the daemon's socket does; completes the handshake future. */
  static final class TextFrames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final FrameCounter frames;
    private final CompletableFuture<Void> handshake;

    TextFrames(FrameCounter frames, CompletableFuture<Void> handshake) {
      this.frames = frames;
      this.handshake = handshake;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext context, TextWebSocketFrame frame) {
      ByteBuf content = frame.content();
      if (content.hasArray()) {
        frames.bytes(content.array(), content.arrayOffset() + content.readerIndex(), content.readableBytes());
      } else {
        byte[] copy = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), copy);
        frames.bytes(copy, 0, copy.length);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
      if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        handshake.complete(null);
      }
      context.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
      System.err.println("socket error: " + cause);
      handshake.completeExceptionally(cause);
      context.close();
    }
  }

  /** The daemon's own socket: Java-WebSocket with powerwatch's frame splitting, bytes to the parser. */
  static final class DaemonFeed implements FeedClient {
    private Consumer<String> sender;

    @Override
    public void open(URI feed, String userAgent, FrameCounter frames) throws Exception {
      sender = DaemonFeedSocket.open(feed, userAgent, frames);
    }

    @Override
    public void send(String text) {
      sender.accept(text);
    }
  }
}
