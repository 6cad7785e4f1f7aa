#!/usr/bin/env bash
# Every side-by-side comparison in one run, on this machine's real OpenSSH hosts, then the figures
# with the machine and the date in docs/performance.md (the README quotes its headline ratios):
#   1. startup.sh     `--version`, whole process through the launcher
#   2. run.sh         one playbook file under orchestrate run and ansible-playbook, taking turns
#   3. migration.sh   Server -> Data Center: the built-in procedure against benchmarks/ansible/
#   4. transport.sh   a command on a warm connection against OpenSSH's ControlMaster; a 200 MB tree
#                     node to node against ssh | tar | ssh, and to two nodes at once
#   5. compiler.sh    a 1,000-node migration compiled in a heap of 256 MB
# Needs root (users, mount namespaces) and a Debian with Java 17 and Maven; installs ansible-core
# and openssh-server when they are missing. Takes about ten minutes on 2 cores.
#   benchmarks/compare.sh [runs per tool]     # default 5 (the migration: 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-5}
if [[ $(id -u) != 0 ]]; then
  echo "compare.sh needs root: it makes a login for the benchmarks and hosts in mount namespaces" >&2
  exit 2
fi
missing=()
command -v ansible-playbook >/dev/null || missing+=(ansible-core)
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
out=$(mktemp -d /tmp/orchestrate-compare.XXXXXX)
trap 'rm -rf "$out"' EXIT

step() {
  local name=$1
  shift
  echo "== $name: $*"
  "$@" 2>&1 | tee "$out/$name.log"
}
step startup benchmarks/startup.sh 20
step commands benchmarks/run.sh "$runs"
step migration benchmarks/migration.sh "$(( runs < 3 ? runs : 3 ))"
step transport benchmarks/transport.sh 200 500
step compiler benchmarks/compiler.sh -p nodes=1000 -wi 2 -i 3 -jvmArgsAppend -Xmx256m

result() { awk -v key="$1" -v field="$2" '$1 == "RESULT" && $2 == key { print $(2 + field) }' "$out"/*.log | tail -1; }
migration() { awk -v tool="$1" '$1 == "median" && $2 == tool { print $3 }' "$out/migration.log" | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "?"; else printf "%.2f", a / b }'; }

commands_ours=$(result commands 1)
commands_ansible=$(result commands 2)
migration_ours=$(migration orchestrate)
migration_ansible=$(migration ansible)
copy_ours=$(result copy 1)
copy_pipe=$(result copy 2)
fan_two=$(result fan-out 1)
fan_one=$(result fan-out 2)
warm=$(result warm-command-ms 1)
multiplexed=$(result openssh-multiplexed-ms 1)
first=$(result first-connection-ms 1)
version=$(result version-ms 1)
validate=$(result validate-ms 1)
noticed=$(result running-noticed-ms 1)
compile=$(awk '/CompilerBenchmark.compileServerToDataCenter/ && /1000/ { print $(NF-3) }' "$out/compiler.log" | tail -1)
heap=$( [[ -n $compile ]] && echo "fits" || echo "did not fit (see the log)" )

machine="$(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(java -version 2>&1 | sed -n 1p)"
ansible=$(ansible-playbook --version | sed -n 1p)
openssh=$(/usr/sbin/sshd -V 2>&1 | sed -n 1p || true)
{
  cat <<EOF
# Performance

Written by \`benchmarks/compare.sh\` on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD) — do not edit by
hand; run it again. Every figure below comes from this one run, on this machine, with every tool
timed as a whole process, taking turns with its peer. Absolute times on a small machine swing by a
factor of two from one run to the next; the ratios hold better. \`benchmarks/README.md\` says what
each script does and how to read it.

- Machine: $machine
- Peers: $ansible with pipelining on (Debian's ansible-core); ${openssh:-OpenSSH}

| workload | orchestrate | peer | ratio | goal |
|---|---|---|---|---|
| the same 20-task \`command\` playbook × 3 hosts | ${commands_ours} s | Ansible ${commands_ansible} s | **$(ratio "$commands_ansible" "$commands_ours")× faster** | ≥ 20× |
| Server → Data Center, 3 hosts, 20 MB attachments + 10 MB index, node RUNNING 1 s after start | ${migration_ours} s | Ansible ${migration_ansible} s | **$(ratio "$migration_ours" "$migration_ansible") of its time** | ≤ 0.5 |
| a 200 MB tree node → node, verified | ${copy_ours} s | ssh \| tar \| ssh ${copy_pipe} s | **$(ratio "$copy_ours" "$copy_pipe")** | ≤ 1.1 |
| the same tree to two nodes at once | ${fan_two} s | to one node ${fan_one} s | **$(ratio "$fan_two" "$fan_one")** | about 1 |
| one command on a warm connection | ${warm} ms | OpenSSH ControlMaster ${multiplexed} ms | $(ratio "$multiplexed" "$warm")× faster | < 5 ms |
| first connections of a fresh process (3 hosts at once) | ${first} ms | | | < 300 ms |
| \`./orchestrate --version\` (answered before picocli loads) | ${version} ms | | | < 400 ms |
| \`./orchestrate validate\` on an example (picocli, cluster.yaml read and checked) | ${validate} ms | | | |
| a node's RUNNING noticed (from the node's log line to the end of the task waiting for it) | ${noticed:-?} ms | | | < 100 ms |
| a 1,000-node migration compiled with \`-Xmx256m\` | ${compile:-?} ms, heap $heap | | | < 256 MB |

\`confluence_service\` asks \`/status\` twenty times a second (docs/apply.md); the RUNNING figure
is the median over every start of every orchestrate migration run, as \`migration.sh\` reads it
from each simulated node's log and the run's events.

Every host of every script gives the login empty shell start-up files (as root, a bind mount in
the host's mount namespace): sshd runs them for every session, this machine's root runs
\`pyenv init\` from them (about half a second), and the tools open sessions at very different
rates (Ansible one per task, OpenSSH's client one per command, orchestrate one shell per host).

## The logs of this run

EOF
  for name in startup commands migration transport compiler; do
    echo "### $name"
    echo
    echo '```'
    grep -v '^RESULT ' "$out/$name.log" | grep -v '^\[' | tail -25
    echo '```'
    echo
  done
} > docs/performance.md
echo "== written: docs/performance.md"
sed -n '/^| workload/,/^$/p' docs/performance.md
