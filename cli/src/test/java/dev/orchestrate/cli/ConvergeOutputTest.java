package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the first failure out of an apply's text, in a linear play and in a free one. */
class ConvergeOutputTest {
  @Test
  void inALinearPlayTheLastTaskHeaderNamesTheTask() {
    String out = """
        PLAY [Stop the Server node] hosts: node1
        TASK [Stop Confluence]
        fatal: [node1]: FAILED! (1.10s) stop-confluence.sh could not be run (Permission denied)
        """;

    assertThat(ConvergeOutput.firstFailure(out)).containsExactly("Stop the Server node", "Stop Confluence", "node1");
  }

  @Test
  void inAFreePlayTheFatalLineNamesTheTaskWhenAnotherHeaderCameBetween() {
    String out = """
        PLAY [Preflight] hosts: node1, node2
        TASK [Check that each new node has room and nothing in the way]
        TASK [Check the Server installation (before changing anything)]
        fatal: [node2]: FAILED! Check that each new node has room and nothing in the way (0.09s) port 8090 is in use (x)
        ok: [node1] (0.16s)
        """;

    assertThat(ConvergeOutput.firstFailure(out))
        .containsExactly("Preflight", "Check that each new node has room and nothing in the way", "node2");
  }

  @Test
  void nothingFailedIsEmpty() {
    assertThat(ConvergeOutput.firstFailure("PLAY [Preflight] hosts: node1\nTASK [Check]\nok: [node1] (0.10s)\n"))
        .isEmpty();
  }
}
