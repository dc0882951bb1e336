package dev.powerwatch.status;

import dev.powerwatch.debounce.AlertRecord;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What a node can tell of the cluster: its view of the membership, and each home as the node
 * that hosts it tells (asked wherever the home lives).
 */
public record ClusterParts(Supplier<ClusterStatus> membership, Supplier<CompletionStage<Map<String, HomeView>>> homes) {

  /**
   * @param host the address of the node that hosts the home
   * @param alerts its alert records, by rule
   */
  public record HomeView(String host, Map<String, AlertRecord> alerts) {}
}
