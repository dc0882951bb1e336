package dev.powerwatch.debounce;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where silences are made, listed and ended: the Debouncer in a single process, every home's
 * entity on a cluster. The HTTP API and the command line ask here, whichever it is.
 */
public interface SilenceDesk {
  /** In force or still to come, oldest first. */
  CompletionStage<List<Silence>> list();

  CompletionStage<Silences.Outcome> add(Silence.Request request);

  /** The silence as it ended, or empty when there is none by that id. */
  CompletionStage<Optional<Silence>> end(String id);

  /** Ends every silence of one home (not those of every home): an unmute button. Answers those ended. */
  default CompletionStage<List<Silence>> endAllOf(String homeId) {
    return list().thenCompose(silences -> {
      List<CompletableFuture<Optional<Silence>>> ended = silences.stream().filter(s -> homeId.equals(s.homeId()))
          .map(s -> end(s.id()).toCompletableFuture()).toList();
      return CompletableFuture.allOf(ended.toArray(CompletableFuture[]::new))
          .thenApply(done -> ended.stream().flatMap(e -> e.join().stream()).toList());
    });
  }

  /** The single process's: its Debouncer holds the silences. */
  static SilenceDesk of(ActorRef<Debouncer.Command> debouncer, ActorSystem<?> system, Duration timeout) {
    return new SilenceDesk() {
      @Override
      public CompletionStage<List<Silence>> list() {
        return AskPattern.ask(debouncer, Debouncer.GetSilences::new, timeout, system.scheduler());
      }

      @Override
      public CompletionStage<Silences.Outcome> add(Silence.Request request) {
        return AskPattern.ask(debouncer, replyTo -> new Debouncer.AddSilence(request, replyTo), timeout,
            system.scheduler());
      }

      @Override
      public CompletionStage<Optional<Silence>> end(String id) {
        return AskPattern.ask(debouncer, replyTo -> new Debouncer.EndSilence(id, replyTo), timeout, system.scheduler());
      }
    };
  }
}
