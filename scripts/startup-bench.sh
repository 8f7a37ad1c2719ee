#!/usr/bin/env bash
# Start-up time of a client: from launching the jar to ">>> [Welcome, You are registered.]".
# Starts one server, then launches a client (piped input) several times, each under a new name,
# and prints every run and the medians in milliseconds: wall-clock time, and the CPU time the
# client's JVM had used by then (less sensitive to other load on the machine). A measurement,
# not a test.
#
#   scripts/startup-bench.sh [runs] [--launcher] [java options...]
#   scripts/startup-bench.sh 9 --launcher        # the README's command: bin/udpchat
#   scripts/startup-bench.sh 9                   # plain java -jar
#
# --launcher starts the clients with bin/udpchat (the fast start), the java options then going
# through JAVA_OPTS; without it they are started with java -jar.
#
# Needs target/udpchat.jar (mvn -B package -DskipTests). Runs from the repository root, like the
# README's commands, so relative paths in java options work; the java options apply to the server
# and the clients alike. Logs and data go to a scratch directory, not into the repository.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/udpchat.jar"
runs="${1:-7}"
shift || true
launcher=false
if [[ "${1:-}" == "--launcher" ]]; then
  launcher=true
  shift
fi
java_options=("$@")
[[ -f "$jar" ]] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }

work="$(mktemp -d)"
server_port=$((20000 + RANDOM % 20000))
client_port=$((server_port + 1))
welcome=">>> [Welcome, You are registered.]"

server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
java_options+=("-Dudpchat.log-dir=$work/logs" "-Dudpchat.data-dir=$work/data")
java "${java_options[@]}" -jar "$jar" -s "$server_port" >"$work/server.out" 2>&1 </dev/null &
server_pid=$!
for _ in $(seq 100); do
  grep -q "Server listening" "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
grep -q "Server listening" "$work/server.out" || {
  echo "the server did not start" >&2
  cat "$work/server.out" >&2
  exit 1
}

ticks_per_second=$(getconf CLK_TCK)
cpu_ms() { # user + system CPU time of a process so far, from /proc/<pid>/stat
  awk -v hz="$ticks_per_second" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$1/stat"
}
median() {
  sort -n | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}

times=()
cpu_times=()
for run in $(seq "$runs"); do
  start=$(date +%s%N)
  if $launcher; then
    coproc CLIENT { JAVA_OPTS="${java_options[*]}" exec "$root/bin/udpchat" -c "bench$run" 127.0.0.1 "$server_port" "$client_port" 2>&1; }
  else
    coproc CLIENT { exec java "${java_options[@]}" -jar "$jar" -c "bench$run" 127.0.0.1 "$server_port" "$client_port" 2>&1; }
  fi
  client_pid=$CLIENT_PID
  line=""
  while IFS= read -r line <&"${CLIENT[0]}"; do
    [[ "$line" == "$welcome" ]] && break
  done
  end=$(date +%s%N)
  [[ "$line" == "$welcome" ]] || { echo "run $run: the client did not register" >&2; exit 1; }
  cpu=$(cpu_ms "$client_pid")
  echo quit >&"${CLIENT[1]}"
  wait "$client_pid" || true
  ms=$(((end - start) / 1000000))
  times+=("$ms")
  cpu_times+=("$cpu")
  echo "run $run: $ms ms (CPU $cpu ms)"
done

echo "median of $runs runs: $(printf '%s\n' "${times[@]}" | median) ms," \
  "CPU $(printf '%s\n' "${cpu_times[@]}" | median) ms ($($launcher && echo "bin/udpchat, ")java options: ${*:-none})"
