package dev.powerwatch.status;

import java.util.List;
import java.util.Map;

/**
 * This node's view of the cluster, when it is one.
 *
 * @param self this node's address
 * @param selfStatus its membership status (Up when it takes part)
 * @param members every member with its status, oldest first
 * @param unreachable the members this node cannot reach now
 * @param homeHosts the node that hosts each home, by home id (those that answered)
 */
public record ClusterStatus(String self, String selfStatus, List<Member> members, List<String> unreachable,
    Map<String, String> homeHosts) {

  public record Member(String address, String status) {}

  public ClusterStatus {
    members = List.copyOf(members);
    unreachable = List.copyOf(unreachable);
    homeHosts = Map.copyOf(homeHosts);
  }

  public ClusterStatus(String self, String selfStatus, List<Member> members, List<String> unreachable) {
    this(self, selfStatus, members, unreachable, Map.of());
  }

  public ClusterStatus withHomeHosts(Map<String, String> hosts) {
    return new ClusterStatus(self, selfStatus, members, unreachable, hosts);
  }

  /** Why this node is not a working part of the cluster, in the words of /ready. */
  List<String> notReady() {
    if (!selfStatus.equals("Up")) {
      return List.of("NOT_MEMBER: this node is " + selfStatus + " in the cluster, not Up");
    }
    if (!unreachable.isEmpty()) {
      return List.of("UNREACHABLE_MEMBERS: " + String.join(", ", unreachable));
    }
    return List.of();
  }
}
