#!/usr/bin/env bash
# Plays the seed's test case 1 (test-scenarios/seed-1-…scenario) with four real processes on
# 127.0.0.1 (server 5000, x 3333, y 1111, z 1122; piped input), then draws its message flow from
# their logs with the diagram command: docs/seed-1.svg and docs/seed-1.md. About 30 s.
#
#   scripts/seed-1-diagram.sh
#
# Needs target/udpchat.jar (mvn -B package -DskipTests) and the four ports free. The run's logs
# and data go to a scratch directory, not into the repository.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/udpchat.jar"
[[ -f "$jar" ]] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

# Each client reads its commands from a pipe that stays open until the script writes to it.
start_client() { # name port
  mkfifo "$1.in"
  java -jar "$jar" -c "$1" 127.0.0.1 5000 "$2" < "$1.in" > "$1.out" 2>&1 &
  pids+=($!)
  exec {fd}> "$1.in"
  eval "in_$1=$fd"
}
type_on() { # name line
  local fd="in_$1"
  echo "$2" >&"${!fd}"
  sleep 1.5
}

java -jar "$jar" -s 5000 > server.out 2>&1 &
pids+=($!)
sleep 3
start_client x 3333; sleep 3
start_client y 1111; sleep 3
start_client z 1122; sleep 4
type_on x "send y hi y from x"
type_on y "send z hi z from y"
type_on z "send x hi x from z"
type_on x "send z hi z from x"
type_on y "send x hi x from y"
type_on z "send y hi y from z"
type_on x "dereg"
type_on y "send x hi offline x"
type_on z "send x hi offline x from z"
type_on x "reg"
sleep 2
for node in x y z; do type_on "$node" "quit"; done
sleep 2
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
mkdir -p "$root/docs"
java -jar "$jar" diagram logs -o "$root/docs/seed-1.svg"
