#!/usr/bin/env bash
# `orchestrate run` of a plain 20-task `command` playbook written for Ansible
# (examples/playbooks/twenty-commands.yml) on three real OpenSSH hosts on loopback
# (127.0.1.131-133), as whole processes: start-up, connections and all. Prints each run's time
# and the median. With ansible-playbook on the PATH, times it on the same hosts and playbook too.
# Needs /usr/sbin/sshd. Usage: benchmarks/run.sh [runs]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-5}
work=$(mktemp -d /tmp/orchestrate-run-bench.XXXXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
cp "$work/id_ed25519.pub" "$work/authorized_keys"
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
ssh: {user: $(id -un), identityFile: id_ed25519, knownHosts: known_hosts}
confluence: {sharedHome: /media/shared, license: {file: license.txt}}
database: {url: "jdbc:postgresql://db:5432/confluence", username: confluence, passwordFile: db-password}
nodes:
$nodes
YAML
echo "$inventory" > "$work/inventory"
sleep 0.5
./orchestrate --version >/dev/null   # builds the jar if needed, outside the timings

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_runs() {
  for _ in $(seq "$runs"); do
    start=$(date +%s.%N)
    "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log"; exit 1; }
    awk -v end="$(date +%s.%N)" -v start="$start" 'BEGIN { printf "%.2f\n", end - start }'
  done
}
echo "orchestrate run, 20 tasks x 3 hosts (seconds):"
time_runs ./orchestrate run examples/playbooks/twenty-commands.yml --topology "$work/cluster.yaml" | tee "$work/ours"
echo "median: $(median < "$work/ours") s"
if command -v ansible-playbook >/dev/null; then
  echo "ansible-playbook, same playbook and hosts (seconds):"
  export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_PIPELINING=True
  time_runs ansible-playbook -i "$work/inventory" --private-key "$work/id_ed25519" examples/playbooks/twenty-commands.yml | tee "$work/theirs"
  echo "median: $(median < "$work/theirs") s"
fi
