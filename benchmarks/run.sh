#!/usr/bin/env bash
# One playbook file under both tools, side by side: examples/playbooks/twenty-commands.yml (twenty
# `ansible.builtin.command` tasks, `hosts: confluence`) run by `orchestrate run` (through the
# launcher, as a user runs it) and by `ansible-playbook` (Debian's ansible-core, pipelining on) on
# three real OpenSSH servers on 127.0.1.131-133, as whole processes, taking turns: orchestrate,
# ansible, orchestrate, ansible... Prints each time, the medians and the ratio, and a last line
# `RESULT commands <orchestrate s> <ansible s>` for benchmarks/compare.sh.
#
# Both log in as the same account. Run as root, it is `orchestrate-bench`, made here with empty
# shell start-up files: sshd runs the login shell for every session, and Ansible opens one per task
# where orchestrate keeps one shell per host, so heavy start-up files (root's pyenv here) would
# count against Ansible many times over. Otherwise it is the current account.
#   benchmarks/run.sh [runs per tool]     # default 5
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-5}
if ! command -v ansible-playbook >/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends ansible-core >/dev/null
  else
    echo "run.sh: ansible-playbook is missing (apt-get install ansible-core)" >&2
    exit 2
  fi
fi
work=$(mktemp -d /tmp/orchestrate-run-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

user=$(id -un)
if [[ $(id -u) == 0 ]]; then
  user=orchestrate-bench
  id -u "$user" >/dev/null 2>&1 || useradd --create-home --home-dir /var/tmp/$user --shell /bin/sh -p '*' "$user"
  home=$(getent passwd "$user" | cut -d: -f6)
  for file in .profile .bashrc .bash_profile; do : > "$home/$file"; done
fi

ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
chmod 644 "$work/authorized_keys"
: > "$work/known_hosts"
nodes=""
inventory="[confluence]"$'\n'
mkdir -p /run/sshd 2>/dev/null || true
for k in 1 2 3; do
  address=127.0.1.13$k
  port=$((22220 + k))
  ssh-keygen -q -t ed25519 -N '' -f "$work/host$k"
  cat > "$work/sshd$k.conf" <<CONF
Port $port
ListenAddress $address
HostKey $work/host$k
PidFile $work/sshd$k.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
PermitRootLogin prohibit-password
MaxStartups 100
CONF
  /usr/sbin/sshd -D -e -f "$work/sshd$k.conf" 2>>"$work/sshd.log" &
  pids+=($!)
  echo "[$address]:$port $(cut -d' ' -f1,2 "$work/host$k.pub")" >> "$work/known_hosts"
  nodes+="  - {name: node$k, host: $address, ssh: {port: $port}}"$'\n'
  inventory+="node$k ansible_host=$address ansible_port=$port"$'\n'
done
echo "placeholder" > "$work/license.txt"
echo "placeholder" > "$work/db-password"
cat > "$work/cluster.yaml" <<YAML
cluster: {name: bench, edition: datacenter}
ssh: {user: $user, identityFile: id_ed25519, knownHosts: known_hosts}
confluence: {sharedHome: /media/shared, license: {file: license.txt}}
database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
nodes:
$nodes
YAML
echo "$inventory" > "$work/inventory"
# Ansible's settings from here only: no ansible.cfg of the machine or the user.
cat > "$work/ansible.cfg" <<CFG
[defaults]
inventory = $work/inventory
remote_user = $user
private_key_file = $work/id_ed25519
host_key_checking = True
forks = 10
local_tmp = $work/ansible-local
[ssh_connection]
pipelining = True
ssh_args = -o UserKnownHostsFile=$work/known_hosts -o ControlMaster=auto -o ControlPersist=60s
control_path_dir = $work/cp
CFG
export ANSIBLE_CONFIG="$work/ansible.cfg"
sleep 0.5
./orchestrate --version >/dev/null   # builds the jar and its class archive if needed, outside the timings

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_one() {
  local start
  start=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; echo "run.sh: the run above failed" >&2; exit 1; }
  awk -v end="$(date +%s.%N)" -v start="$start" 'BEGIN { printf "%.2f\n", end - start }'
}
: > "$work/ours"
: > "$work/theirs"
printf '%-6s %12s %12s\n' run orchestrate ansible
for k in $(seq "$runs"); do
  ours=$(time_one ./orchestrate run examples/playbooks/twenty-commands.yml --topology "$work/cluster.yaml")
  theirs=$(time_one ansible-playbook examples/playbooks/twenty-commands.yml)
  echo "$ours" >> "$work/ours"
  echo "$theirs" >> "$work/theirs"
  printf '%-6s %11ss %11ss\n' "$k" "$ours" "$theirs"
done
ours=$(median < "$work/ours")
theirs=$(median < "$work/theirs")
printf '%-6s %11ss %11ss   ansible/orchestrate = %s\n' median "$ours" "$theirs" \
  "$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.1f", a / b }')"
echo "RESULT commands $ours $theirs"
# The first connections of a fresh process: from cluster.yaml read to every host connected
# (three handshakes and logins at once), as ORCHESTRATE_TRACE=1 marks them.
ORCHESTRATE_TRACE=1 ./orchestrate run examples/playbooks/twenty-commands.yml --topology "$work/cluster.yaml" \
  2>"$work/trace" >/dev/null
awk '/run: cluster.yaml and playbook read/ { read = $2 } /run: connected/ { connected = $2 }
  END { printf "first connections of a fresh process (3 hosts at once): %d ms\nRESULT first-connection-ms %d\n",
    connected - read, connected - read }' "$work/trace"
