package dev.powerwatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.powerwatch.http.HttpSettings;
import dev.powerwatch.settings.SettingsLoader;
import dev.powerwatch.support.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code powerwatch silence add|list|end}: the running daemon's silences, through its HTTP API. */
@Command(name = "silence", mixinStandardHelpOptions = true,
    description = "Mute a home's alerts for a while, list the silences, or end one (asks the running daemon).",
    subcommands = {SilenceCommand.Add.class, SilenceCommand.ListAll.class, SilenceCommand.End.class})
public final class SilenceCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the daemon listens and its token, from the configuration or --url. */
  static final class Daemon {
    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's HOCON file (for http.port and"
        + " http.token).")
    Path configFile;

    @Option(names = "--url", paramLabel = "URL", description = "The daemon's HTTP server (default: from the"
        + " configuration, http://127.0.0.1:9464/).")
    URI url;

    /** Sends to the daemon and prints what it answered; the exit code says how it went. */
    int send(CommandSpec spec, String method, String path, String body, Answer answer) {
      HttpSettings http = SettingsLoader.httpOnly(SettingsLoader.loadConfig(configFile));
      URI base = url != null ? url : URI.create("http://" + reachable(http.host()) + ":" + http.port() + "/");
      HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      http.token().ifPresent(token -> request.header("Authorization", "Bearer " + token.reveal()));
      PrintWriter err = spec.commandLine().getErr();
      try {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = Json.mapper().readTree(response.body());
        if (response.statusCode() / 100 != 2) {
          err.println("powerwatch: the daemon refused: " + json.path("error").asText(response.body()));
          return response.statusCode() == 503 ? ExitCodes.UNAVAILABLE : ExitCodes.USAGE;
        }
        answer.print(spec.commandLine().getOut(), json);
        return ExitCodes.OK;
      } catch (IOException e) {
        err.println("powerwatch: cannot reach the daemon at " + base + " (" + e.getClass().getSimpleName()
            + "); is it running, and is http.enabled on?");
        return ExitCodes.UNAVAILABLE;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.UNAVAILABLE;
      }
    }

    private static String reachable(String host) {
      return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    }
  }

  @FunctionalInterface
  interface Answer {
    void print(PrintWriter out, JsonNode json);
  }

  @Command(name = "add", mixinStandardHelpOptions = true, description = "Mute notices until the silence ends.")
  static final class Add implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Daemon daemon;

    @Option(names = "--home", paramLabel = "ID", description = "Only this home (default: every home).")
    String home;

    @Option(names = "--rule", paramLabel = "NAME", description = "Only this rule (default: every rule).")
    String rule;

    @Option(names = "--for", paramLabel = "DURATION", description = "How long, such as 1h or 30m (default: 1h).")
    String length;

    @Option(names = "--until", paramLabel = "TIME", description = "When it ends, such as 2026-12-02T18:00:00Z.")
    String until;

    @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for whoever reads the list.")
    String comment;

    @Override
    public Integer call() {
      ObjectNode body = Json.mapper().createObjectNode().put("home", home).put("rule", rule).put("comment", comment)
          .put("createdBy", "cli:" + System.getProperty("user.name", "unknown"));
      if (until != null) {
        body.put("endsAt", until);
      }
      if (until == null || length != null) {
        body.put("for", length == null ? "1h" : length);
      }
      return daemon.send(spec, "POST", "api/silences", body.toString(), (out, json) -> {
        out.println("Silence " + json.get("id").asText() + " mutes " + scope(json) + " until "
            + json.get("endsAt").asText() + ".");
        out.println("End it early with: powerwatch silence end " + json.get("id").asText());
      });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The silences in force or to come.")
  static final class ListAll implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Daemon daemon;

    @Override
    public Integer call() {
      return daemon.send(spec, "GET", "api/silences", null, (out, json) -> {
        if (json.isEmpty()) {
          out.println("No silences.");
        }
        for (JsonNode s : json) {
          out.printf("%s  %s  from %s until %s  by %s%s%n", s.get("id").asText(), scope(s),
              s.get("startsAt").asText(), s.get("endsAt").asText(), s.get("createdBy").asText(),
              s.path("comment").asText().isEmpty() ? "" : "  \"" + s.get("comment").asText() + "\"");
        }
      });
    }
  }

  @Command(name = "end", mixinStandardHelpOptions = true, description = "End a silence now.")
  static final class End implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    Daemon daemon;

    @Parameters(paramLabel = "ID", description = "The silence's id, as list shows it.")
    String id;

    @Override
    public Integer call() {
      if (!id.matches("[A-Za-z0-9-]{1,64}")) {
        spec.commandLine().getErr().println("powerwatch: '" + id + "' is not a silence id (silence list shows them)");
        return ExitCodes.USAGE;
      }
      return daemon.send(spec, "DELETE", "api/silences/" + id, null,
          (out, json) -> out.println("Silence " + json.get("id").asText() + " ended; what it held back goes out now"
              + " if the alert still fires."));
    }
  }

  private static String scope(JsonNode silence) {
    String rule = silence.path("rule").isTextual() ? "rule " + silence.get("rule").asText() : "every rule";
    String home = silence.path("home").isTextual() ? "home " + silence.get("home").asText() : "every home";
    return rule + " of " + home;
  }
}
