#!/usr/bin/env bash
# Builds target/udpchat.jsa, a class-data-sharing archive of the classes a client loads, so that
# later launches map them ready-parsed instead of loading them from the jar (faster start-up).
# mvn package runs it after building the jar; bin/udpchat uses the archive (README, "Start-up
# time"). The archive belongs to this jar and this JDK: bin/udpchat leaves out one older than the
# jar, and the JVM ignores one made by another JDK (with a warning on stderr).
# Training run: a server and two clients on 127.0.0.1; one client registers, sends a direct and
# a group message, lists, and quits, writing the archive as it exits. That client runs on a
# pseudo-terminal (through script(1), when there is one), so the terminal console's classes are
# in the archive too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$root/target/udpchat.jar"
archive="$root/target/udpchat.jsa"
[[ -f "$jar" ]] || { echo "no $jar: run mvn -B package -DskipTests first" >&2; exit 1; }

work="$(mktemp -d)"
server_port=$((20000 + RANDOM % 20000))
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

await() { # await <file> <text>: up to 30 s for a line of the file to contain the text
  for _ in $(seq 300); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "cds-archive: no '$2' in $1" >&2
  cat "$1" >&2
  exit 1
}

# Only the quick JIT compiler, as bin/udpchat runs nodes: the session is short, and which classes
# it loads (all the archive records) does not depend on the compiler.
quick=(-XX:TieredStopAtLevel=1)

java "${quick[@]}" -jar "$jar" -s "$server_port" >server.out 2>&1 </dev/null &
pids+=($!)
await server.out "Server listening"

mkfifo peer.in
java "${quick[@]}" -jar "$jar" -c peer 127.0.0.1 "$server_port" $((server_port + 2)) <peer.in >peer.out 2>&1 &
pids+=($!)
exec 3>peer.in
await peer.out "Welcome"

rm -f "$archive"
mkfifo trainee.in
trainee_command=(java "${quick[@]}" -XX:ArchiveClassesAtExit="$archive" -Xlog:disable -Xlog:all=error:stderr
  -jar "$jar" -c trainee 127.0.0.1 "$server_port" $((server_port + 1)))
if command -v script >/dev/null; then
  script -qfec "$(printf '%q ' "${trainee_command[@]}")" /dev/null \
    <trainee.in >trainee.out 2>trainee.err &
else
  "${trainee_command[@]}" <trainee.in >trainee.out 2>trainee.err &
fi
trainee=$!
exec 4>trainee.in
await trainee.out "Welcome"
echo "send peer hello" >&4
await trainee.out "[Message received by peer.]"
echo "send trainee hello back" >&3
await trainee.out "peer: hello back"
echo "send_all hello all" >&4
await trainee.out "[Group Message received by Server.]"
printf 'list\nhelp\nquit\n' >&4
exec 4>&-
wait "$trainee"
exec 3>&-
[[ -f "$archive" ]] || { echo "cds-archive: no archive written" >&2; cat trainee.err >&2; exit 1; }
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
