#!/usr/bin/env bash
# Fault injection: SIGKILL at random points of generate, including during the
# final assembly, then --resume. After every kill the output is either absent
# (its partial directory resumable) or complete and valid; the resumed dataset
# validates (seeds and inputs re-drawn bit for bit, residuals) and equals an
# uninterrupted run's inputs. A few trials here (seconds); scripts/faults.sh
# runs the long sweep.
source "$(dirname "$0")/lib.sh"
TRIALS=${SKR_FAULT_TRIALS:-3}
GEN=("$SKR_GEN" generate --grid 16 --samples 60 --seed 3 --solver gmres --pc jacobi --checkpoint-samples 1 -q)
"${GEN[@]}" --out "$WORK/whole.h5" >/dev/null
out="$WORK/k.h5"

# Whatever a kill left must be absent-and-resumable or complete-and-valid.
check_left() {
  if [ -e "$out" ]; then
    "$SKR_GEN" validate "$out" >/dev/null 2>"$WORK/v.err" || fail "$1: a killed run left an invalid '$out': $(head -3 "$WORK/v.err")"
  else
    [ -d "$out.partial" ] || fail "$1: neither the output nor its partial directory"
  fi
}

same_as_whole() {
  "$SKR_GEN" validate "$out" >/dev/null 2>"$WORK/v.err" || fail "$1: resumed dataset invalid: $(head -3 "$WORK/v.err")"
  "$PYTHON3" - "$WORK/whole.h5" "$out" <<'PY' || fail "$1: resumed dataset differs from the uninterrupted run"
import sys, h5py, numpy as np
a, b = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
assert b.attrs["complete"] == 1 and b.attrs["samples_done"] == a.attrs["samples_done"]
for k in ("inputs/coeff", "meta/seed"):
    assert np.array_equal(a[k][:], b[k][:]), k
assert sorted(b["meta/solve_position"][:]) == list(range(len(a["meta/seed"])))
PY
}

# Random points: after 0-40 logged samples plus 0-20 ms.
RANDOM=${SKR_FAULT_SEED:-7}
landed=0
for trial in $(seq 1 "$TRIALS"); do
  rm -rf "$out" "$out.partial"
  for attempt in 1 2 3 4 5 6; do
    extra=()
    [ -d "$out.partial" ] && extra=(--resume)
    : >"$WORK/log"
    "${GEN[@]}" --out "$out" --log-json "${extra[@]}" >>"$WORK/log" 2>/dev/null &
    pid=$!
    target=$((RANDOM % 41))
    while [ "$(wc -l <"$WORK/log")" -lt "$target" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.002; done
    sleep "$(printf "0.%03d" $((RANDOM % 21)))"
    kill -9 "$pid" 2>/dev/null && landed=$((landed + 1))
    wait "$pid" 2>/dev/null || true
    check_left "trial $trial, kill $attempt"
    [ -e "$out" ] && break
  done
  [ -e "$out" ] || "${GEN[@]}" --out "$out" --resume >/dev/null || fail "trial $trial: --resume failed"
  same_as_whole "trial $trial"
done
echo "random kills: $landed landed in $TRIALS trials"

# During the final assembly: the kill comes as soon as assembled.h5 appears
# in the partial directory (60 one-sample batches to copy: batches that do not
# grow). The random kills above ran with growing batches (1, 2, 4 ...).
hits=0
for trial in $(seq 1 "$TRIALS"); do
  rm -rf "$out" "$out.partial"
  "${GEN[@]}" --checkpoint-growth 1 --out "$out" >/dev/null &
  pid=$!
  while [ ! -e "$out.partial/assembled.h5" ] && kill -0 "$pid" 2>/dev/null; do :; done
  kill -9 "$pid" 2>/dev/null && [ ! -e "$out" ] && hits=$((hits + 1))
  wait "$pid" 2>/dev/null || true
  check_left "assembly trial $trial"
  [ -e "$out" ] || "${GEN[@]}" --out "$out" --resume >/dev/null || fail "assembly trial $trial: --resume failed"
  same_as_whole "assembly trial $trial"
done
echo "kills during the assembly: $hits of $TRIALS (the others came after the rename)"
finish
