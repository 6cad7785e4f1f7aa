package dev.orchestrate.core.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntaxCheckTest {
  @Test
  void aServerThatIsNotInstalledIsNotRunAndSaysSo() {
    SyntaxCheck.Outcome outcome = new SyntaxCheck(List.of("no-such-balancer", "nor-this-one"), List.of("-t"))
        .run(Path.of("whatever.conf"));

    assertThat(outcome.status()).isEqualTo(SyntaxCheck.Status.NOT_INSTALLED);
    assertThat(outcome.program()).isEqualTo("no-such-balancer or nor-this-one");
  }

  @Test
  void theFirstProgramFoundRunsWithItsOptionsAndTheFilesAbsolutePath() {
    SyntaxCheck.Outcome passed = new SyntaxCheck(List.of("no-such-balancer", "echo"), List.of("-n")).run(Path.of("x"));
    SyntaxCheck.Outcome failed = new SyntaxCheck(List.of("false"), List.of()).run(Path.of("x"));

    assertThat(passed.status()).isEqualTo(SyntaxCheck.Status.PASSED);
    assertThat(passed.output()).isEqualTo(Path.of("x").toAbsolutePath().toString());
    assertThat(failed.status()).isEqualTo(SyntaxCheck.Status.FAILED);
  }
}
