package dev.powerwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What /ready says of a node's membership. */
class ClusterStatusTest {
  private static final String SELF = "akka://powerwatch@10.0.0.11:25520";
  private static final String OTHER = "akka://powerwatch@10.0.0.12:25520";

  private static ClusterStatus status(String selfStatus, List<String> unreachable) {
    return new ClusterStatus(SELF, selfStatus, List.of(new ClusterStatus.Member(SELF, selfStatus),
        new ClusterStatus.Member(OTHER, "Up")), unreachable);
  }

  @Test
  void anUpMemberThatReachesEveryoneIsReady() {
    assertEquals(List.of(), status("Up", List.of()).notReady());
  }

  @Test
  void aNodeNotYetUpIsNotAMember() {
    assertEquals(List.of("NOT_MEMBER: this node is Joining in the cluster, not Up"),
        status("Joining", List.of()).notReady());
    assertEquals(List.of("NOT_MEMBER: this node is Leaving in the cluster, not Up"),
        status("Leaving", List.of(OTHER)).notReady());
  }

  @Test
  void membersItCannotReachAreNamed() {
    assertEquals(List.of("UNREACHABLE_MEMBERS: " + OTHER), status("Up", List.of(OTHER)).notReady());
  }
}
