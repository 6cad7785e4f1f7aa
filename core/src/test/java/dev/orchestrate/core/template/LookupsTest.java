package dev.orchestrate.core.template;

import static dev.orchestrate.core.template.Play.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupsTest {
  @TempDir
  static Path playbookFolder;

  private static Templar templar;

  @BeforeAll
  static void writeFiles() throws IOException {
    Files.writeString(playbookFolder.resolve("license.txt"), "AAAB-LICENSE\n\n");
    Files.createDirectories(playbookFolder.resolve("files"));
    Files.writeString(playbookFolder.resolve("files/motd"), "  hello\nworld  \n");
    templar = Templar.create(Play.ENVIRONMENT, playbookFolder);
  }

  private static Object renderInPlaybook(String template) {
    return templar.render(template, Map.of());
  }

  @Test
  void envReadsTheEnvironmentGivenNotTheProcesses() {
    assertThat(render("{{ lookup('env', 'CONFLUENCE_HOME') }}")).isEqualTo("/var/atlassian/confluence");
    assertThat(render("{{ lookup('env', 'PATH') }}")).isEqualTo("");
  }

  @Test
  void envOfAnUnsetVariableIsEmptyAsInAnsible() {
    assertThat(render("{{ lookup('env', 'NOT_SET') }}")).isEqualTo("");
    assertThat(render("{{ lookup('env', 'NOT_SET') | default('x', true) }}")).isEqualTo("x");
  }

  @Test
  void lookupJoinsSeveralTermsWithCommasAndQueryListsThem() {
    assertThat(render("{{ lookup('env', 'CONFLUENCE_HOME', 'EMPTY', 'NOT_SET') }}"))
        .isEqualTo("/var/atlassian/confluence,,");
    assertThat(render("{{ query('env', 'CONFLUENCE_HOME', 'NOT_SET') }}"))
        .isEqualTo(List.of("/var/atlassian/confluence", ""));
    assertThat(render("{{ q('env', 'EMPTY') }}")).isEqualTo(List.of(""));
  }

  @Test
  void fileReadsRelativeToThePlaybookFolderWithoutTrailingWhitespace() {
    assertThat(renderInPlaybook("{{ lookup('file', 'license.txt') }}")).isEqualTo("AAAB-LICENSE");
    assertThat(renderInPlaybook("{{ lookup('file', 'files/motd') }}")).isEqualTo("  hello\nworld");
    assertThat(renderInPlaybook("{{ lookup('file', '" + playbookFolder.resolve("license.txt") + "') }}"))
        .isEqualTo("AAAB-LICENSE");
  }

  @Test
  void aMissingFileIsNamed() {
    assertThatThrownBy(() -> renderInPlaybook("{{ lookup('file', 'nope.txt') }}"))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason())
            .isEqualTo("could not find file 'nope.txt' for lookup('file') in " + playbookFolder));
  }

  @Test
  void anUnknownPluginIsNamed() {
    assertThatThrownBy(() -> render("{{ lookup('password', 'x') }}"))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason())
            .isEqualTo("lookup plugin 'password' not found: use 'env' or 'file'"));
  }

  @Test
  void anUndefinedTermIsAnError() {
    assertThatThrownBy(() -> render("{{ lookup('env', missing) }}")).hasMessageEndingWith("'missing' is undefined");
  }

  @Test
  void secretGivesTheReferenceNeverTheValue() {
    assertThat(render("{{ secret('db_password') }}")).isEqualTo("((secret:db_password))");
    assertThat(render("--password={{ secret('db_password') | quote }}"))
        .isEqualTo("--password='((secret:db_password))'");
  }

  @Test
  void aSecretNameMustBeLowerCaseWithUnderscores() {
    assertThatThrownBy(() -> render("{{ secret('DB-Password') }}"))
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.reason())
            .startsWith("secret name 'DB-Password' is not valid"));
  }
}
