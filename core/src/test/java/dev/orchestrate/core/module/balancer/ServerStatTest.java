package dev.orchestrate.core.module.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading HAProxy 2.6's {@code show stat}, cut to its first columns and the status. */
class ServerStatTest {
  private static final String ANSWER = """
      # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight
      confluence_users,FRONTEND,,,3,9,20000,120,1,2,0,0,0,,,,,OPEN,
      confluence,node1,0,0,2,5,,40,1,2,,0,,0,0,0,0,UP,1
      confluence,node2,0,0,0,3,,40,1,2,,0,,0,0,0,0,UP 1/2,1
      confluence,node3,0,0,1,3,,40,1,2,,0,,0,0,0,0,DRAIN,0
      confluence,BACKEND,0,0,3,9,2000,120,1,2,0,0,,0,0,0,0,UP,2

      """;

  @Test
  void readsEachServerWithItsStatusAndSessions() {
    List<ServerStat> servers = ServerStat.parse(ANSWER);

    assertThat(ServerStat.isStatAnswer(ANSWER)).isTrue();
    assertThat(ServerStat.isStatAnswer("Unknown command.\n")).isFalse();
    assertThat(servers).containsExactly(new ServerStat("confluence", "node1", "UP", 2),
        new ServerStat("confluence", "node2", "UP 1/2", 0), new ServerStat("confluence", "node3", "DRAIN", 1));
  }

  @Test
  void upMeansTheLastCheckPassed() {
    assertThat(new ServerStat("b", "s", "UP", 0).is("UP")).isTrue();
    assertThat(new ServerStat("b", "s", "no check", 0).is("UP")).isTrue();
    assertThat(new ServerStat("b", "s", "UP 1/2", 0).is("UP")).as("going down").isFalse();
    assertThat(new ServerStat("b", "s", "DOWN 1/2", 0).is("UP")).as("coming up").isFalse();
    assertThat(new ServerStat("b", "s", "MAINT (via confluence/node1)", 0).is("MAINT")).isTrue();
  }
}
