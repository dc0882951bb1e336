package dev.powerwatch.status;

import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.SilenceDesk;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a node can tell of the cluster: its view of the membership, each home as the node that
 * hosts it tells (asked wherever the home lives), and the silences, which the homes keep.
 */
public record ClusterParts(Supplier<ClusterStatus> membership, Supplier<CompletionStage<Map<String, HomeView>>> homes,
    SilenceDesk silences) {

  /**
   * @param host the address of the node that hosts the home
   * @param alerts its alert records, by rule
   */
  public record HomeView(String host, Map<String, AlertRecord> alerts) {}
}
