#!/usr/bin/env bash
# Start-up cost of the orchestrate command as a whole process, launcher included: the median of
# N runs (default 20) of `./orchestrate --version` and of `./orchestrate validate` on an example.
# Builds first if needed (that run is not counted). Usage: benchmarks/startup.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
cd "$root"
./orchestrate --version >/dev/null

median_ms() {
  local times=() start end
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | sed -n 1p)"
version=$(median_ms ./orchestrate --version)
echo "./orchestrate --version                                    median of $runs: $version ms"
validate=$(median_ms ./orchestrate validate examples/two-node-tcp-ip.yaml)
echo "./orchestrate validate examples/two-node-tcp-ip.yaml       median of $runs: $validate ms"
echo "java -jar cli/target/orchestrate.jar --version (no launcher) median of $runs: $(median_ms java -jar cli/target/orchestrate.jar --version) ms"
echo "RESULT version-ms $version"
echo "RESULT validate-ms $validate"
