package dev.orchestrate.core.facts;

/** What the facts script printed on hosts, for the tests that read it. */
final class ScriptOutputs {
  /** The license digest every recorded output prints. */
  static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** A Server node, set up and running, with every key printed. */
  static final String SERVER = """
      installed=true
      configured_home=/var/atlassian/application-data/confluence
      home_exists=true
      setup_step=complete
      setup_type=custom
      build_number=9012
      state=RUNNING
      pid_alive=true
      clustered=false
      cluster_name=
      shared_home=
      join_type=
      peers=
      cluster_interface=
      license_digest=%s
      license_edition=server
      local_shared_home=true
      local_attachments=true
      desired_shared_home_exists=false
      desired_shared_home_has_config=false
      synchrony_url_in_setenv=
      synchrony_running=false
      free_kb.install_dir=1000
      free_kb.local_home=2000
      free_kb.shared_home=3000
      install_kb=500
      home_kb=700
      attachments_kb=300
      """.formatted(DIGEST);

  private ScriptOutputs() {}
}
