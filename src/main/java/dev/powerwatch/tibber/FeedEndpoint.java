package dev.powerwatch.tibber;

import java.net.URI;
import java.util.List;

/** What a client needs before each connect: the socket URL of the moment and the homes now. */
public record FeedEndpoint(URI websocketUrl, List<Home> homes) {

  public FeedEndpoint {
    homes = List.copyOf(homes);
  }
}
