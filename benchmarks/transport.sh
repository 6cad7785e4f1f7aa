#!/usr/bin/env bash
# The SSH transport on real OpenSSH on loopback (127.0.1.41-44): the cost of one command on a
# warm connection (JMH, beside OpenSSH's client on a ControlMaster connection), and a verified
# node-to-node tree copy beside ssh|tar|ssh on the same hosts, and to two hosts at once.
# Needs /usr/sbin/sshd (apt-get install openssh-server). Usage: benchmarks/transport.sh [MB] [commands]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
megabytes=${1:-200}
commands=${2:-500}
work=${ORCHESTRATE_BENCH_DIR:-/tmp/orchestrate-benchmark}
mvn -q -B -ntp -pl ssh-executor -am install -DskipTests >/dev/null
mvn -q -B -ntp -pl ssh-executor dependency:build-classpath -Dmdep.outputFile="$work.classpath" -Dmdep.includeScope=test >/dev/null
java -cp "ssh-executor/target/test-classes:ssh-executor/target/classes:$(cat "$work.classpath")" \
  dev.orchestrate.ssh.TransportBenchmark "$work" "$megabytes" "$commands"
# One command on a warm connection, sampled by JMH; its RESULT lines come last, so compare.sh
# takes them over the loop's above.
mvn -q -B -ntp -pl benchmarks/transport -am install -DskipTests >/dev/null
mvn -q -B -ntp -pl benchmarks/transport dependency:build-classpath -Dmdep.outputFile="$work.jmh-classpath" >/dev/null
java -cp "benchmarks/transport/target/classes:$(cat "$work.jmh-classpath")" dev.orchestrate.ssh.WarmCommandBenchmark
