#!/usr/bin/env bash
# Fault injection, issue #22 item 1: two runs on one output. The first run is
# frozen (SIGSTOP) while it holds its output's lock, so the second starts
# while the first is alive, whatever the machine's speed: the second must
# refuse at once with one line naming the output and the holder's pid,
# whatever the order and flags (plain, --resume, --overwrite); the first
# then finishes a dataset that validates. solve, convert, merge and
# export-systems refuse an output whose lock another process (flock(1))
# holds. A SIGKILLed holder leaves no stale lock.
source "$(dirname "$0")/lib.sh"
GEN=("$SKR_GEN" generate --grid 16 --solver gmres --pc jacobi --checkpoint-samples 2 -q)
out="$WORK/X.h5"

# Starts "$@" in the background and freezes it once it holds $out's lock.
start_frozen() {
  "$@" >"$WORK/first.out" 2>"$WORK/first.err" &
  first=$!
  for _ in $(seq 1 3000); do
    grep -q "^pid $first " "$out.lock" 2>/dev/null && break
    kill -0 "$first" 2>/dev/null || break
    sleep 0.01
  done
  grep -q "^pid $first " "$out.lock" 2>/dev/null || { fail "the first run never took its lock"; cat "$WORK/first.err" >&2; }
  kill -STOP "$first" 2>/dev/null || true
}

# Thaws the first run; it must finish a complete, valid dataset.
finish_first() {
  kill -CONT "$first" 2>/dev/null || true
  local status=0
  wait "$first" || status=$?
  [ "$status" -eq 0 ] || { fail "the first run exited $status: $(cat "$WORK/first.err")"; return; }
  "$SKR_GEN" validate "$out" >/dev/null 2>"$WORK/validate.err" || fail "the first run's output does not validate: $(cat "$WORK/validate.err")"
  [ -e "$out.lock" ] && fail "lock file left behind after a clean exit"
  [ -e "$out.partial" ] && fail "partial directory left behind"
  rm -f "$out"
}

# 200 samples: long enough (~0.3 s) that the poll above sees the lock on a
# loaded machine before the first run is done (24 once finished in between).
for first_flags in "" "--overwrite"; do
  for second_flags in "" "--resume" "--overwrite"; do
    # shellcheck disable=SC2086
    start_frozen "${GEN[@]}" --samples 200 --out "$out" $first_flags
    # shellcheck disable=SC2086
    expect_error "generate ${first_flags:-plain}, then ${second_flags:-plain}" "is being written by another process (pid $first" \
      "${GEN[@]}" --samples 200 --out "$out" $second_flags
    finish_first
  done
done

# The first run resumes a killed run's partial directory; a plain or
# --overwrite second run (which would delete that directory) refuses.
: >"$WORK/log" # exists before the loop below reads it (the background job's redirection may come later)
"${GEN[@]}" --samples 400 --out "$out" --log-json >"$WORK/log" 2>/dev/null &
pid=$!
while [ "$(wc -l <"$WORK/log")" -lt 6 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ -d "$out.partial" ] || fail "the killed run left no partial directory"
[ -e "$out.lock" ] || fail "expected the killed run's lock file (its lock is gone with it)"
start_frozen "${GEN[@]}" --samples 400 --out "$out" --resume
for second_flags in "" "--resume" "--overwrite"; do
  # shellcheck disable=SC2086
  expect_error "generate --resume, then ${second_flags:-plain}" "is being written by another process (pid $first" \
    "${GEN[@]}" --samples 400 --out "$out" $second_flags
done
finish_first

# The other writing commands, against a lock held by another process.
"${GEN[@]}" --samples 6 --out "$WORK/a.h5" --seed 1 >/dev/null
"${GEN[@]}" --samples 6 --out "$WORK/b.h5" --seed 2 >/dev/null
"$SKR_GEN" export-systems --grid 8 --samples 2 --out "$WORK/sys" >/dev/null
hold() { # holds $1's lock file until released
  # Blocking: with -n, the probe below could hold the lock at the instant the
  # holder tries it, and the holder would give up (seen once under load).
  flock --no-fork "$1.lock" sleep 60 &
  holder=$!
  for _ in $(seq 1 500); do flock -n "$1.lock" true 2>/dev/null || break; sleep 0.01; done
}
release() { kill "$holder" 2>/dev/null || true; wait "$holder" 2>/dev/null || true; }
hold "$WORK/c.h5"
expect_error "convert to a locked output" "output '$WORK/c.h5' is being written by another process" \
  "$SKR_GEN" convert --in "$WORK/a.h5" --out "$WORK/c.h5" --layout neuralop
expect_error "merge to a locked output" "output '$WORK/c.h5' is being written by another process" \
  "$SKR_GEN" merge "$WORK/a.h5" "$WORK/b.h5" --out "$WORK/c.h5"
expect_error "solve to a locked output" "output '$WORK/c.h5' is being written by another process" \
  "$SKR_GEN" solve --systems "$WORK/sys/A_*.mtx" --out "$WORK/c.h5" -q
release
[ -e "$WORK/c.h5" ] && fail "a refused command wrote its output"
hold "$WORK/d"
expect_error "export-systems to a locked directory" "output '$WORK/d' is being written by another process" \
  "$SKR_GEN" export-systems --grid 8 --samples 2 --out "$WORK/d/"
release
"$SKR_GEN" merge "$WORK/a.h5" "$WORK/b.h5" --out "$WORK/c.h5" >/dev/null || fail "merge after the lock was released"
finish
