#!/usr/bin/env bash
# Server → Data Center on three real OpenSSH hosts (127.0.1.184-186), timed side by side:
# `orchestrate apply` (the built-in procedure) and `ansible-playbook` with
# benchmarks/ansible/server-to-datacenter.yml, in turn, each run on a fresh Server (20 MB of
# attachments, a 10 MB index, nodes RUNNING 1 s after their start). Prints each run's time, the
# medians and the ratio orchestrate/ansible. Needs root (mount namespaces), /usr/sbin/sshd, Maven
# and a JDK 17; installs ansible-core (Debian's) if ansible-playbook is missing. Each run's output
# (orchestrate.log, ansible.log, Ansible's timestamped ansible-tasks.log) stays in the work directory.
#   benchmarks/migration.sh [runs per tool]     # default 3
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
if [[ $(id -u) != 0 ]]; then
  echo "migration.sh needs root: each host is an sshd in a mount namespace of its own" >&2
  exit 2
fi
if ! command -v ansible-playbook >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends ansible-core >/dev/null
fi
# A build directory of its own, so a build of the same checkout beside it is not disturbed; the
# side-by-side module is outside the reactor and finds the project's modules in the local repository.
build=target-bench
mvn -q -B -DskipTests -Dbuild.dirname=$build install -pl cli -am
mvn -q -B -Dbuild.dirname=$build -f benchmarks/side-by-side/pom.xml package dependency:build-classpath \
  -Dmdep.outputFile=$build/classpath.txt
classpath=$(cat benchmarks/side-by-side/$build/classpath.txt)
work=$(mktemp -d /tmp/orchestrate-migration-bench.XXXXXX)
echo "each run's output goes to $work"
# orchestrate is timed through the launcher, as a user runs it; it builds its jar and class
# archive here, outside the timings.
./orchestrate --version >/dev/null
# The sandbox logs through SLF4J without a binding: no warning about that.
java -Dslf4j.internal.verbosity=ERROR -cp "benchmarks/side-by-side/$build/classes:$classpath" dev.orchestrate.benchmarks.MigrationSideBySide \
  "$PWD" "$runs" "$PWD/orchestrate" "$work"
