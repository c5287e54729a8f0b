#!/usr/bin/env bash
# Time from a fresh clone to a serving demo with the README's first command (`./dev up`).
#
#   bench/first_start.sh [repository]        # default: this checkout (its committed HEAD)
#
# Clones into a temporary directory, runs `./dev up` there (environment from uv.lock, SQLite
# migration, demo data, worker and server), waits for the address it prints to answer HTTP 200,
# prints the elapsed seconds, then stops what it started and removes the clone. Exits 1 when the
# demo is not serving within the limit of issue 2 (3 minutes) or when `./dev up` fails.
set -euo pipefail

SOURCE="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
LIMIT_SECONDS="${LIMIT_SECONDS:-180}"
WORK="$(mktemp -d -t talentcenter-first-start.XXXXXX)"
LOG="$WORK/dev-up.log"
PID=""

cleanup() {
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM -- "-$PID" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

start=$(date +%s.%N)
git clone --quiet "$SOURCE" "$WORK/talentcenter"
cd "$WORK/talentcenter"
if [ ! -x ./dev ]; then
  echo "no ./dev in $SOURCE: nothing to measure" >&2
  exit 2
fi

# Its own process group, so that the server and the worker it starts are stopped with it.
PORT="${PORT:-8100}" setsid ./dev up >"$LOG" 2>&1 &
PID=$!

address=""
while :; do
  elapsed=$(echo "$(date +%s.%N) - $start" | bc)
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "./dev up exited before serving; its output:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  if [ -z "$address" ]; then
    address=$(grep -oE 'Open +http://127\.0\.0\.1:[0-9]+/' "$LOG" | head -1 | awk '{print $2}' || true)
  fi
  if [ -n "$address" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -L "$address" || true)" = "200" ]; then
    break
  fi
  if (($(echo "$elapsed > $LIMIT_SECONDS + 120" | bc))); then
    echo "not serving after ${elapsed}s; output so far:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done

elapsed=$(echo "$(date +%s.%N) - $start" | bc)
echo "--- ./dev up output ---"
cat "$LOG"
echo "-----------------------"
printf 'fresh clone to HTTP 200 at %s: %.1f s (limit %s s)\n' "$address" "$elapsed" "$LIMIT_SECONDS"
if (($(echo "$elapsed > $LIMIT_SECONDS" | bc))); then
  exit 1
fi
