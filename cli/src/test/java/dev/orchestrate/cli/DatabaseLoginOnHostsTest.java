package dev.orchestrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orchestrate.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database login check end to end, through SSH to the sandbox's hosts: with PostgreSQL's own
 * driver against a real PostgreSQL server, and with the sandbox's driver against its simulated
 * database, where a wrong password in cluster.yaml stops {@code apply} before any change.
 */
class DatabaseLoginOnHostsTest {
  private static final String CHECK = """
      - name: Preflight
        hosts: confluence
        tasks:
          - name: Check that the database accepts Confluence's login from this node
            preflight:
              database_login:
                url: "{{ database.url }}"
                username: "{{ database.username }}"
                password: "{{ secret('database_password') }}"
                install_dir: "{{ node.installDir }}"
      """;

  @TempDir
  Path dir;

  private Sandbox.Status up(String firstAddress) {
    return SandboxHosts.up(dir.resolve("sandbox"), firstAddress, 2, 1);
  }

  @Test
  void pgjdbcOnEveryNodeLogsInToARealPostgreSqlAndAWrongPasswordIsRefusedNamingNodeAndDatabase() throws Exception {
    String password = "pg-" + Long.toHexString(System.nanoTime()) + " '$x";
    try (PostgresServer postgres = PostgresServer.start(password)) {
      Sandbox.Status sandbox = up("127.0.1.191");
      try {
        Path pgjdbc = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (int k = 1; k <= 2; k++) {
          // node2 has no Confluence yet: a bare WEB-INF/lib is enough for the check, and it uses JAVA_HOME.
          Path lib = Files.createDirectories(sandbox.layout().installDir(k).resolve("confluence/WEB-INF/lib"));
          Files.deleteIfExists(lib.resolve("postgresql-42.7.4.jar"));
          Files.copy(pgjdbc, lib.resolve(pgjdbc.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path playbook = Files.writeString(dir.resolve("check.yml"), CHECK);
        String right = topology(sandbox, postgres.url(), password).toString();
        String wrong = topology(sandbox, postgres.url(), "not-" + password).toString();

        CliTest.Run passes = CliTest.run("run", playbook.toString(), "--topology", right);
        CliTest.Run refused = CliTest.run("run", playbook.toString(), "--topology", wrong);

        assertThat(passes.exitCode()).as(passes.out() + passes.err()).isZero();
        assertThat(passes.out()).contains("ok: [node1]", "ok: [node2]");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        for (String node : List.of("node1", "node2")) {
          assertThat(refused.out()).contains("fatal: [" + node + "]", node + ": the database " + postgres.url()
              + " refuses user confluence: password authentication failed for user \"confluence\" (28P01)");
        }
        assertThat(passes.out() + passes.err() + refused.out() + refused.err()).doesNotContain(password);
      } finally {
        Sandbox.down(dir.resolve("sandbox"));
      }
    }
  }

  @Test
  void aWrongPasswordInClusterYamlStopsApplyAtPreflightBeforeAnyChange() throws Exception {
    Sandbox.Status sandbox = up("127.0.1.194");
    try {
      String url = "jdbc:postgresql://127.0.0.1:5432/confluence";
      Path cfg = sandbox.layout().localHome(1).resolve("confluence.cfg.xml");
      String before = Files.readString(cfg);
      Map<String, String> attachments = Attachments.of(sandbox.layout().localHome(1).resolve("attachments"));
      String right = Files.readString(sandbox.layout().databasePassword()).strip();
      Path wrong = topology(sandbox, url, right + "-typo");
      Path playbook = Files.writeString(dir.resolve("check.yml"), CHECK);

      CliTest.Run apply = CliTest.run("apply", wrong.toString(), "--yes");
      CliTest.Run check = CliTest.run("run", playbook.toString(), "--topology",
          sandbox.layout().clusterYaml().toString(), "--limit", "node1");

      assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(1);
      assertThat(apply.out()).contains("fatal: [node1]", "node1: the database " + url + " refuses user confluence:"
          + " password authentication failed for user \"confluence\" (28P01)");
      assertThat(apply.out() + apply.err()).doesNotContain(right);
      assertThat(Files.readString(cfg)).isEqualTo(before);
      assertThat(Attachments.of(sandbox.layout().localHome(1).resolve("attachments"))).isEqualTo(attachments);
      assertThat(Sandbox.confluenceState("127.0.1.194", 8090)).isEqualTo("RUNNING");
      assertThat(sandbox.layout().installDir(2)).doesNotExist();
      assertThat(sandbox.layout().localHome(1).getParent().resolve("orchestrate-backups")).doesNotExist();
      assertThat(check.exitCode()).as("the sandbox's own password passes: " + check.out()).isZero();
    } finally {
      Sandbox.down(dir.resolve("sandbox"));
    }
  }

  /** The sandbox's cluster.yaml with another database URL and password. */
  private static Path topology(Sandbox.Status sandbox, String url, String password) throws Exception {
    Path sandboxDir = sandbox.layout().dir();
    String name = "db-" + Integer.toHexString(password.hashCode());
    Path secret = Files.writeString(sandboxDir.resolve("secrets").resolve(name), password + "\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Path yaml = sandboxDir.resolve(name + ".yaml");
    Files.writeString(yaml, Files.readString(sandbox.layout().clusterYaml())
        .replace("jdbc:postgresql://127.0.0.1:5432/confluence", url)
        .replace("passwordFile: secrets/db-password", "passwordFile: secrets/" + name));
    return yaml;
  }
}
