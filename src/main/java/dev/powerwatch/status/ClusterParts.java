package dev.powerwatch.status;

import dev.powerwatch.debounce.AlertRecord;
import dev.powerwatch.debounce.SilenceDesk;
import dev.powerwatch.debounce.Silence;
import java.util.List;
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
   * @param silences those it keeps (its own and every home's), in force or still to come
   */
  public record HomeView(String host, Map<String, AlertRecord> alerts, List<Silence> silences) {}
}
