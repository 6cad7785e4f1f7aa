#!/usr/bin/env bash
# Compiles a Server → Data Center migration of 3, 100 and 1,000 nodes with JMH and prints the
# average time per compile. Goal: a 1,000-node topology under 200 ms.
#   benchmarks/compiler.sh            # all sizes
#   benchmarks/compiler.sh -p nodes=1000
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests -pl benchmarks/compiler -am install
mvn -q -B -pl benchmarks/compiler dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
classpath=$(cat benchmarks/compiler/target/classpath.txt)
exec java -cp "benchmarks/compiler/target/classes:$classpath" org.openjdk.jmh.Main CompilerBenchmark "$@"
