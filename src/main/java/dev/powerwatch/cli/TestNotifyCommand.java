package dev.powerwatch.cli;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import dev.powerwatch.notify.Channel;
import dev.powerwatch.notify.ChannelSender;
import dev.powerwatch.notify.Notification;
import dev.powerwatch.notify.Outcome;
import dev.powerwatch.notify.Severity;
import dev.powerwatch.settings.Settings;
import dev.powerwatch.settings.StartupCheck;
import dev.powerwatch.support.SettingsException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "test-notify", mixinStandardHelpOptions = true,
    description = "Send a test message through the configured channels and print what each answered.")
public final class TestNotifyCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "The operator's HOCON file.")
  Path configFile;

  @Option(names = "--channel", paramLabel = "NAME", description = "Only this channel (default: all).")
  String channelName;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    StartupCheck.Checked checked = StartupCheck.configuration(configFile, System.getenv());
    Config config = checked.config();
    Settings settings = checked.settings();
    List<Channel> channels = settings.notifications().channels().stream()
        .filter(c -> channelName == null || c.name().equals(channelName)).toList();
    if (channels.isEmpty()) {
      throw new SettingsException("--channel", channelName == null ? "no channel is configured in powerwatch.notify"
          : "no channel named '" + channelName + "'; configured: "
              + settings.notifications().channels().stream().map(Channel::name).toList());
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "test-notify",
        Daemon.actorSystemConfig(config, settings));
    try {
      Notification test = new Notification(UUID.randomUUID().toString(), "test", "test-notify",
          Notification.Kind.TEST, Severity.INFO, "powerwatch test", "If you can read this, powerwatch can reach you.",
          "HOME", Map.of(), Instant.now(), List.of());
      boolean allDelivered = true;
      for (Channel channel : channels) {
        Outcome outcome = ChannelSender.send(system, channel, test, settings.notifications().requestTimeout(),
            Clock.systemUTC()).toCompletableFuture().join();
        boolean delivered = outcome instanceof Outcome.Delivered;
        allDelivered &= delivered;
        out.println(channel.name() + " (" + channel.type() + "): " + (delivered ? "delivered" : "FAILED") + " - "
            + outcome.detail());
      }
      return allDelivered ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
    } finally {
      system.terminate();
    }
  }
}
