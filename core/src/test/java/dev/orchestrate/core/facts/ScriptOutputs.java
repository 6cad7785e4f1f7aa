package dev.orchestrate.core.facts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the facts script printed on hosts, for the tests that read it. */
final class ScriptOutputs {
  /** The license digest every recorded output prints. */
  static final String DIGEST = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  /** A Server node, set up and running, as Atlassian's installer leaves it, with every key printed. */
  static final String SERVER = """
      facts=begin
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
      service_user=confluence
      service_user_from=user.sh
      service_user_exists=true
      service_group=confluence
      owner.install_dir=root:root 755 /opt/atlassian/confluence
      owner.local_home=confluence:confluence 750 /var/atlassian/application-data/confluence
      owner.shared_home_parent=root:root 755 /media
      facts=end
      """.formatted(DIGEST);

  /** A host with nothing of Confluence on it. */
  static final String BARE = """
      facts=begin
      installed=false
      home_exists=false
      setup_step=
      setup_type=
      build_number=
      state=
      pid_alive=false
      clustered=false
      cluster_name=
      shared_home=
      join_type=
      peers=
      cluster_interface=
      license_edition=none
      local_shared_home=false
      local_attachments=false
      desired_shared_home_exists=false
      desired_shared_home_has_config=false
      synchrony_running=false
      free_kb.install_dir=82282036
      free_kb.local_home=82282036
      free_kb.shared_home=82282036
      install_kb=
      home_kb=
      attachments_kb=
      service_user=
      service_user_from=
      service_user_exists=false
      service_group=
      facts=end
      """;

  private ScriptOutputs() {}

  /** {@code output} with the value of {@code key} replaced, or the line removed when {@code value} is null. */
  static String with(String output, String key, String value) {
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(key) + "=.*\\n").matcher(output);
    if (!line.find()) {
      throw new IllegalArgumentException("no " + key + " in the output");
    }
    return line.replaceFirst(value == null ? "" : Matcher.quoteReplacement(key + "=" + value + "\n"));
  }
}
