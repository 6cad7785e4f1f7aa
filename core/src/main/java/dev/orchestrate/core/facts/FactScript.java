package dev.orchestrate.core.facts;

import dev.orchestrate.core.topology.Node;
import dev.orchestrate.core.topology.RemotePath;
import dev.orchestrate.core.topology.Topology;
import dev.orchestrate.core.transport.Command;
import dev.orchestrate.core.transport.Shell;
import java.time.Duration;

/**
 * The one script that reads a node: POSIX {@code sh} (hosts run dash), read-only, needing no
 * root, every file optional. It prints {@code key=value} lines, one value per line, which {@link
 * FactParser} reads:
 *
 * <pre>
 * installed  configured_home  home_exists  setup_step  setup_type  build_number  state  pid_alive
 * clustered  cluster_name  shared_home  join_type  peers  cluster_interface
 * license_edition (server|datacenter|unknown|none)  license_digest
 * local_shared_home  local_attachments  desired_shared_home_exists  desired_shared_home_has_config
 * synchrony_url_in_setenv  synchrony_running
 * free_kb.install_dir  free_kb.local_home  free_kb.shared_home  install_kb  home_kb  attachments_kb
 * service_user  service_user_from (user.sh|local_home|process)  service_user_exists  service_group
 * owner.install_dir  owner.local_home  owner.shared_home  owner.shared_home_parent ("user:group mode path")
 * last_error (only while /status says ERROR)
 * </pre>
 *
 * <p>Between {@code facts=begin} and {@code facts=end}: output without both was cut short or is
 * not this script's, and {@link FactParser} refuses it rather than read a node as empty.
 *
 * <p>It never prints a secret: the license is hashed and its edition read on the host, and the
 * database password and JWT keys are never read out. Sizes stay in the kilobytes du and df give:
 * multiplying on the host risks overflow in the shell, or exponent notation in some awks.
 */
final class FactScript {
  /** du over a large home is the slow part; each du has its own, shorter, limit below. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static final String BODY = """
      LC_ALL=C
      export LC_ALL
      cfg="$home/confluence.cfg.xml"
      printf 'facts=begin\n'

      say() { printf '%s=%s\\n' "$1" "$2"; }
      check() { fact=$1; shift; if "$@"; then say "$fact" true; else say "$fact" false; fi; }
      filled() { [ -d "$1" ] && [ -n "$(ls -A "$1" 2>/dev/null)" ]; }
      alive() {
        [ -r "$1" ] || return 1
        pid=$(head -n 1 "$1" | tr -d ' \\t\\r')
        case $pid in ''|*[!0-9]*) return 1 ;; esac
        kill -0 "$pid" 2>/dev/null || ps -p "$pid" >/dev/null 2>&1
      }
      unescape() {
        sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \\
          -e "s/&apos;/'/g" -e 's/&amp;/\\&/g'
      }
      element() { [ -r "$cfg" ] && sed -n "s|.*<$1>\\(.*\\)</$1>.*|\\1|p" "$cfg" | head -n 1 | tr -d '\\r' | unescape; }
      property() {
        [ -r "$cfg" ] && sed -n "s|.*<property name=\\"$1\\">\\(.*\\)</property>.*|\\1|p" "$cfg" | head -n 1 \\
          | tr -d '\\r' | unescape
      }
      # The license exactly as the file holds it, over as many lines as it takes, with no line
      # break added: what is hashed must not depend on how it was read.
      license() {
        awk -v opening='<property name="atlassian.license.message">' -v closing='</property>' '
          !inside { at = index($0, opening); if (at == 0) next; $0 = substr($0, at + length(opening)); inside = 1 }
          { end = index($0, closing); if (end > 0) $0 = substr($0, 1, end - 1)
            if (inside == 2) printf "\\n"
            printf "%s", $0; inside = 2
            if (end > 0) { found = 1; exit } }
          END { exit found ? 0 : 1 }' "$cfg"
      }
      sha256() {
        if command -v sha256sum >/dev/null 2>&1; then sha256sum
        elif command -v shasum >/dev/null 2>&1; then shasum -a 256
        else cat >/dev/null
        fi | cut -c 1-64
      }
      status() {
        (
          unset http_proxy HTTP_PROXY all_proxy ALL_PROXY
          if command -v curl >/dev/null 2>&1; then
            curl -s -m 2 "$status_url"
          elif command -v wget >/dev/null 2>&1; then
            once=
            wget --help 2>&1 | grep -q -e '--tries' && once='-t 1'
            wget -q -T 2 $once -O - "$status_url"
          fi
        ) 2>/dev/null
      }
      # A slow du leaves a size unknown rather than the whole node unread.
      kilobytes() {
        [ -e "$1" ] || return 0
        if command -v timeout >/dev/null 2>&1; then timeout 25 du -sk "$1"; else du -sk "$1"; fi 2>/dev/null \\
          | tail -n 1 | cut -f 1
      }
      # "user:group mode" of a path, symbolic links followed: GNU stat, else BSD stat, else nothing.
      ownership() {
        [ -e "$1" ] || return 0
        stat -L -c '%U:%G %a' "$1" 2>/dev/null || stat -L -f '%Su:%Sg %Lp' "$1" 2>/dev/null
      }
      owner() { [ -n "$2" ] && say "owner.$1" "$2 $3"; }
      # Only a plain user name counts: UNKNOWN is stat's word for a uid without a name.
      username() { case $1 in ''|UNKNOWN|[!A-Za-z_]*|*[!A-Za-z0-9_.-]*) ;; *) printf '%s' "$1" ;; esac; }
      available() {
        dir=$1
        while [ ! -e "$dir" ]; do dir=$(dirname "$dir"); done
        df -Pk "$dir" 2>/dev/null | awk 'NR == 2 { print $4 }'
      }

      check installed [ -f "$install/bin/start-confluence.sh" ]
      init="$install/confluence/WEB-INF/classes/confluence-init.properties"
      if [ -r "$init" ]; then
        say configured_home "$(sed -n 's/^[[:space:]]*confluence\\.home[[:space:]]*[=:][[:space:]]*//p' "$init" \\
          | tail -n 1 | tr -d '\\r' | sed 's/[[:space:]]*$//')"
      fi
      check home_exists [ -d "$home" ]
      say setup_step "$(element setupStep)"
      say setup_type "$(element setupType)"
      say build_number "$(element buildNumber)"
      state=$(status | tr -d '\\r\\n' | sed -n 's/.*"state"[[:space:]]*:[[:space:]]*"\\([A-Za-z_]*\\)".*/\\1/p')
      say state "$state"
      check pid_alive alive "$install/work/catalina.pid"
      # Why a node in ERROR is there, for the plan that restarts it: the log's last ERROR line, cut short.
      if [ "$state" = ERROR ]; then
        say last_error "$(grep ' ERROR ' "$home/logs/atlassian-confluence.log" 2>/dev/null | tail -n 1 | tr -d '\\r' \\
          | cut -c 1-400)"
      fi

      clustered=false
      [ "$(property 'confluence\\.cluster')" = true ] && clustered=true
      cluster_home=$(property 'confluence\\.cluster\\.home')
      say clustered "$clustered"
      say cluster_name "$(property 'confluence\\.cluster\\.name')"
      say shared_home "$cluster_home"
      say join_type "$(property 'confluence\\.cluster\\.join\\.type')"
      say peers "$(property 'confluence\\.cluster\\.peers')"
      say cluster_interface "$(property 'confluence\\.cluster\\.interface')"

      edition=none
      if [ -e "$cfg" ] && [ ! -r "$cfg" ]; then
        edition=unknown
      elif [ -r "$cfg" ] && license >/dev/null && [ -n "$(license | tr -d ' \\t\\r\\n')" ]; then
        say license_digest "$(license | sha256)"
        edition=$(license | tr -d ' \\t\\r\\n' | base64 -d 2>/dev/null | tr -d '\\r' | sed -n 's/^edition=//p' \\
          | head -n 1)
        case $edition in datacenter|server) ;; *) edition=unknown ;; esac
      fi
      say license_edition "$edition"

      check local_shared_home filled "$home/shared-home"
      check local_attachments filled "$home/attachments"
      if [ -n "$shared" ]; then
        check desired_shared_home_exists [ -d "$shared" ]
        check desired_shared_home_has_config [ -d "$shared/config" ]
      else
        say desired_shared_home_exists false
        say desired_shared_home_has_config false
      fi
      if [ -r "$install/bin/setenv.sh" ]; then
        say synchrony_url_in_setenv "$(sed -n -e '/^[[:space:]]*#/d' \\
          -e "s/.*-Dsynchrony\\.service\\.url=\\([^[:space:]\\"']*\\).*/\\1/p" "$install/bin/setenv.sh" | tail -n 1)"
      fi
      check synchrony_running alive "$synchrony_home/synchrony.pid"

      say free_kb.install_dir "$(available "$install")"
      say free_kb.local_home "$(available "$home")"
      [ -n "$shared" ] && say free_kb.shared_home "$(available "$shared")"
      attachments="$home/attachments"
      [ "$clustered" = true ] && [ -n "$cluster_home" ] && attachments="$cluster_home/attachments"
      say install_kb "$(kilobytes "$install")"
      say home_kb "$(kilobytes "$home")"
      say attachments_kb "$(kilobytes "$attachments")"

      # CONF_USER is read as text, never by running user.sh: anyone who can edit that file would
      # otherwise run code here. Only a plain name counts, quoted or not, before an optional comment.
      conf_user=
      if [ -r "$install/bin/user.sh" ]; then
        name='[A-Za-z_][A-Za-z0-9_.-]*' quote="[\\\"']\\{0,1\\}"
        conf_user=$(tr -d '\\r' < "$install/bin/user.sh" | sed -n \\
          "s/^[[:space:]]*\\(export[[:space:]]\\{1,\\}\\)\\{0,1\\}CONF_USER=$quote\\($name\\)$quote[[:space:]]*\\(#.*\\)\\{0,1\\}\\$/\\2/p" \\
          | tail -n 1)
      fi
      install_owner=$(ownership "$install")
      home_owner=$(ownership "$home")
      home_group=${home_owner#*:}
      home_group=${home_group%% *}
      process_user=
      if alive "$install/work/catalina.pid"; then
        # procps cuts a longer name to a uid unless given the width; /proc/PID is root's for some processes.
        process_user=$(ps -o user:64= -p "$pid" 2>/dev/null || stat -c %U "/proc/$pid" 2>/dev/null)
        process_user=$(printf '%s' "$process_user" | tr -d ' ')
      fi
      service_user=$(username "$conf_user") user_from=user.sh
      [ -n "$service_user" ] || { service_user=$(username "${home_owner%%:*}"); user_from=local_home; }
      [ -n "$service_user" ] || { service_user=$(username "$process_user"); user_from=process; }
      [ -n "$service_user" ] || user_from=
      service_group= user_exists=false
      if [ -n "$service_user" ] && id -- "$service_user" >/dev/null 2>&1; then
        user_exists=true
        service_group=$(id -gn -- "$service_user" 2>/dev/null)
      fi
      say service_user "$service_user"
      say service_user_from "$user_from"
      say service_user_exists "$user_exists"
      say service_group "$(username "${service_group:-$home_group}")"
      owner install_dir "$install_owner" "$install"
      owner local_home "$home_owner" "$home"
      shared_path=${shared:-$cluster_home}
      if [ -n "$shared_path" ]; then
        owner shared_home "$(ownership "$shared_path")" "$shared_path"
        parent=$(dirname "$shared_path")
        while [ ! -e "$parent" ]; do parent=$(dirname "$parent"); done
        owner shared_home_parent "$(ownership "$parent")" "$parent"
      fi
      say facts end
      exit 0
      """;

  private FactScript() {}

  /** The script for {@code node}, bounded in time. */
  static Command command(Topology topology, Node node) {
    return Command.of(text(topology, node)).withTimeout(TIMEOUT);
  }

  static String text(Topology topology, Node node) {
    String host = node.host().contains(":") ? "[" + node.host() + "]" : node.host();
    return "# orchestrate facts: reads this node, changes nothing.\n"
        + "install=" + quote(node.installDir()) + "\n"
        + "home=" + quote(node.localHome()) + "\n"
        + "shared=" + topology.confluence().sharedHome().map(FactScript::quote).orElse("''") + "\n"
        + "synchrony_home=" + quote(node.synchronyHome()) + "\n"
        + "status_url=" + Shell.quote("http://" + host + ":" + topology.confluence().httpPort() + "/status") + "\n"
        + BODY;
  }

  private static String quote(RemotePath path) {
    return Shell.quote(path.value());
  }
}
