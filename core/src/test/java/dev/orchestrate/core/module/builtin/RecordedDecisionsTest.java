package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.Module;
import dev.orchestrate.core.module.ModuleCall;
import dev.orchestrate.core.module.ModuleResult;
import dev.orchestrate.core.transport.RecordingTransport;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Facts in, commands out: what each module sends for what the host shows, with no host. */
class RecordedDecisionsTest {
  private static final String DIRECTORY_755 =
      "umask=0022\nkind=directory\nstat=755|2|0|root|0|root|4096|2049:12\nparent=yes\nend\n";
  private static final String FILE_644 =
      "umask=0022\nkind=file\nstat=644|1|0|root|0|root|6|2049:13\n"
          + "sha1=f572d396fae9206628714fb2ce00f72e94f2258f\nparent=yes\nend\n";
  private static final String ABSENT = "umask=0022\nkind=absent\nparent=yes\nend\n";

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a directory already so is left alone", new FileModule(), DIRECTORY_755,
            Map.of("path", "/opt/app", "state", "directory", "mode", "0755"), false, List.of()),
        Arguments.of("only the differing mode is set", new FileModule(), DIRECTORY_755,
            Map.of("path", "/opt/app", "state", "directory", "mode", "0750"), true, List.of("chmod 750 -- /opt/app")),
        Arguments.of("only the differing owner is set", new FileModule(), DIRECTORY_755,
            Map.of("path", "/opt/app", "owner", "confluence", "group", "root"), true,
            List.of("chown confluence -- /opt/app")),
        Arguments.of("a directory is removed whole", new FileModule(), DIRECTORY_755,
            Map.of("path", "/opt/app", "state", "absent"), true, List.of("rm -rf -- /opt/app")),
        Arguments.of("a file is unlinked", new FileModule(), FILE_644,
            Map.of("path", "/opt/app", "state", "absent"), true, List.of("rm -f -- /opt/app")),
        Arguments.of("nothing to remove", new FileModule(), ABSENT,
            Map.of("path", "/opt/app", "state", "absent"), false, List.of()),
        Arguments.of("content with the same checksum is not uploaded", new CopyModule(), FILE_644,
            Map.of("dest", "/opt/app", "content", "hello\n"), false, List.of()),
        Arguments.of("the same content with another mode is only chmodded", new CopyModule(), FILE_644,
            Map.of("dest", "/opt/app", "content", "hello\n", "mode", "0600"), true, List.of("chmod 600 -- /opt/app")),
        Arguments.of("the words of a command are quoted one by one", new CommandModule(), ABSENT,
            Map.of(ModuleCall.FREE_FORM, "echo 'a b' $HOME \"it's\""), true,
            List.of("exec echo 'a b' \"${HOME-\\$HOME}\" 'it'\\''s'")),
        Arguments.of("a shell's text is handed to sh -c", new ShellModule(), ABSENT,
            Map.of(ModuleCall.FREE_FORM, "ls | wc -l", "chdir", "/opt"), true,
            List.of("cd /opt || exit 1\nexec /bin/sh -c 'ls | wc -l'")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String description, Module module, String facts, Map<String, Object> arguments, boolean changed,
      List<String> changes) {
    RecordingTransport transport = new RecordingTransport().respond("*", "describe", 0, facts)
        .respond("*", "echo run", 0, "run\n");

    ModuleResult result = module.execute(Hosts.over(transport).call(arguments));

    assertThat(result.failed()).as(result.message()).isFalse();
    assertThat(result.changed()).isEqualTo(changed);
    List<String> sent = transport.scripts("n1").stream()
        .map(script -> script.replace(PathState.DESCRIBE_FUNCTION, ""))
        .map(script -> script.replaceAll("(?m)^describe \\S+( sum)?\\n?", "").replaceAll(" && describe \\S+$", ""))
        .filter(script -> !script.isBlank() && !script.contains("echo run"))
        .toList();
    assertThat(sent).isEqualTo(changes);
    assertThat(transport.calls()).noneMatch(call -> call.kind().equals("upload"));
  }
}
