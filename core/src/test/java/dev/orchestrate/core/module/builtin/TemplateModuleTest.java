package dev.orchestrate.core.module.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.core.module.ModuleResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateModuleTest {
  @TempDir
  Path directory;

  private Hosts hosts() {
    return Hosts.local(directory).templates(text -> text.replace("{{ port }}", "8090"));
  }

  @Test
  void rendersFromTheTemplatesFolderOnce() throws Exception {
    Files.createDirectories(directory.resolve("templates"));
    Files.writeString(directory.resolve("templates/server.xml.j2"), "<Connector port=\"{{ port }}\"/>\n");
    Files.writeString(directory.resolve("server.xml.j2"), "not this one");
    Path dest = directory.resolve("server.xml");
    Map<String, Object> arguments = Map.of("src", "server.xml.j2", "dest", dest.toString());

    ModuleResult first = new TemplateModule().execute(hosts().call(arguments));
    ModuleResult second = new TemplateModule().execute(hosts().call(arguments));

    assertThat(Files.readString(dest)).isEqualTo("<Connector port=\"8090\"/>\n");
    assertThat(first.changed()).isTrue();
    assertThat(second.changed()).isFalse();
  }

  @Test
  void findsATemplateNextToThePlaybookAndRevealsSecretsInTheFileOnly() throws Exception {
    Files.writeString(directory.resolve("db.properties.j2"), "password=((secret:db_password))\nport={{ port }}\n");
    Path dest = directory.resolve("db.properties");
    Hosts hosts = hosts();

    ModuleResult result = new TemplateModule().execute(hosts.call(Map.of("src", "db.properties.j2",
        "dest", dest.toString(), "mode", "0600")));

    assertThat(result.changed()).isTrue();
    assertThat(Files.readString(dest)).isEqualTo("password=" + Hosts.SECRET + "\nport=8090\n");
    assertThat(hosts.everythingSent()).doesNotContain(Hosts.SECRET);
    assertThat(result.fields()).containsEntry("mode", "0600");
  }

  @Test
  void aMissingTemplateSaysWhereItLooked() {
    ModuleResult result = new TemplateModule().execute(hosts().call(Map.of("src", "gone.j2", "dest", "/tmp/x")));

    assertThat(result.failed()).isTrue();
    assertThat(result.message()).contains(directory.resolve("templates/gone.j2").toString(),
        directory.resolve("gone.j2").toString());
  }
}
