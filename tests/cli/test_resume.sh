#!/usr/bin/env bash
# Crash safety: kill generate with SIGKILL at random points, resume each
# time, and compare with an uninterrupted run (inputs bit for bit, solutions
# within the tolerance, no sample missing or duplicated). Also SIGTERM /
# SIGINT exit codes, config mismatch on resume, and injected solver failures.
source "$(dirname "$0")/lib.sh"
RUN=("$SKR_GEN" generate --problem darcy --grid 40 --seed 5 --checkpoint-samples 4 -q)
SLOW=(--solver gcrodr --pc none)
# The kill trials' run length: 60 samples here (about 15 kills); scripts/faults.sh
# runs the longer sweep of 120 (about 30).
N=${SKR_RESUME_SAMPLES:-60}

# Kills land at points set by progress, not by fixed sleeps (the machine's
# speed varies): each run logs one JSON line per finished sample; the kill
# comes 1-12 samples into the run plus 0-20 ms (mid-solve or mid-checkpoint),
# or before the first sample in one trial of ten.
"${RUN[@]}" "${SLOW[@]}" --samples "$N" --out "$WORK/whole.h5"

kills=0 resumes=0
RANDOM=42
for trial in $(seq 1 40); do
  [ -e "$WORK/killed.h5" ] && break
  extra=()
  [ -e "$WORK/killed.h5.partial" ] && extra=(--resume) && resumes=$((resumes + 1))
  : >"$WORK/log" # emptied here, not by the child: no stale count before it starts
  "${RUN[@]}" "${SLOW[@]}" --samples "$N" --out "$WORK/killed.h5" --log-json "${extra[@]}" >>"$WORK/log" 2>/dev/null &
  pid=$!
  target=$((RANDOM % 13)) # 0: before the first sample is logged
  while [ "$(wc -l <"$WORK/log")" -lt "$target" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
  sleep "$(printf "0.%03d" $((RANDOM % 21)))" # 0-20 ms
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null || true
done
echo "killed $kills times, resumed $resumes times"
[ "$kills" -ge 5 ] || fail "only $kills kills landed"
[ "$resumes" -ge 3 ] || fail "only $resumes runs resumed a partial file"
[ -e "$WORK/killed.h5" ] || "${RUN[@]}" "${SLOW[@]}" --samples "$N" --out "$WORK/killed.h5" --resume >/dev/null
"$PYTHON3" - "$WORK" "$N" <<'PY' || fail "resumed dataset differs"
import sys, h5py, numpy as np
w, n = sys.argv[1], int(sys.argv[2])
a, b = h5py.File(f"{w}/whole.h5", "r"), h5py.File(f"{w}/killed.h5", "r")
assert b.attrs["complete"] == 1 and b.attrs["samples_done"] == n
pos = b["meta/solve_position"][:]
assert sorted(pos) == list(range(n)), "missing or duplicated samples"
assert np.array_equal(a["inputs/coeff"][:], b["inputs/coeff"][:]), "inputs differ"
assert np.array_equal(a["meta/seed"][:], b["meta/seed"][:])
assert np.all(b["stats/rel_residual"][:] <= 1e-8) and np.all(b["stats/converged"][:] == 1)
ua, ub = a["outputs/solution"][:].astype(float), b["outputs/solution"][:].astype(float)
rel = np.linalg.norm(ua - ub, axis=(1, 2)) / np.linalg.norm(ua, axis=(1, 2))
assert rel.max() < 1e-6, rel.max()
print("resumed dataset equals the uninterrupted one; max relative solution difference", rel.max())
PY

# SIGTERM and SIGINT: finish the sample, flush, exit 143 / 130, resumable.
for sig in TERM INT; do
  rm -rf "$WORK/sig.h5.partial"
  : >"$WORK/log"
  "${RUN[@]}" --samples 400 --out "$WORK/sig.h5" --solver gcrodr --pc none --log-json >>"$WORK/log" 2>"$WORK/sig.err" &
  pid=$!
  while [ "$(wc -l <"$WORK/log")" -lt 10 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
  kill -"$sig" "$pid"
  status=0
  wait "$pid" || status=$?
  expected=$([ "$sig" = TERM ] && echo 143 || echo 130)
  [ "$status" -eq "$expected" ] || fail "SIG$sig: exit $status, expected $expected"
  [ -e "$WORK/sig.h5.partial" ] || fail "SIG$sig: no resumable file"
  grep -q -- "--resume" "$WORK/sig.err" || fail "SIG$sig: message does not mention --resume"
done
# A signal while the samples are drawn for sorting (seconds at this size,
# before any solve) ends the run at once, with nothing left behind. The
# signal waits for the drawing, not for a fixed time (start-up under load
# takes from 0.3 to over 4 s): it waits for 2 s of the process's CPU time,
# which start-up alone (0.15 s, 0.3 s under ASan) never reaches and drawing
# 600 fields of 600^2 (about 9 s of CPU, more under ASan) passes early.
"$SKR_GEN" generate --samples 600 --grid 600 -q --out "$WORK/early.h5" 2>"$WORK/early.err" &
pid=$!
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || true; }
ticks=$(getconf CLK_TCK)
while kill -0 "$pid" 2>/dev/null && [ "$(cpu_ticks "$pid")" -lt $((2 * ticks)) ] 2>/dev/null; do
  sleep 0.01
done
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
[ "$status" -eq 143 ] || fail "SIGTERM while sorting: exit $status, expected 143"
grep -q "while drawing the samples to sort" "$WORK/early.err" || fail "SIGTERM while sorting: $(cat "$WORK/early.err")"
[ -e "$WORK/early.h5" ] && fail "SIGTERM while sorting left a complete-looking file"
# A batch copied in from another run (another seed, same file name) is refused.
for seed in 0 5; do
  rm -rf "$WORK/f$seed.h5.partial"
  : >"$WORK/log"
  "$SKR_GEN" generate --problem darcy --grid 40 --checkpoint-samples 4 -q --samples 400 --seed "$seed" --out "$WORK/f$seed.h5" "${SLOW[@]}" --log-json >>"$WORK/log" 2>/dev/null &
  pid=$!
  while [ "$(wc -l <"$WORK/log")" -lt 10 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
done
cp "$WORK"/f5.h5.partial/batch-00000-00000000.h5 "$WORK/f0.h5.partial/" || fail "no batch to copy"
expect_error "foreign batch" "of another run (its seed differs)" "$SKR_GEN" generate --problem darcy --grid 40 --checkpoint-samples 4 -q --samples 400 --seed 0 --out "$WORK/f0.h5" "${SLOW[@]}" --resume
# Resume with another configuration is refused, naming the option; then
# the right one completes the run.
expect_error "resume with other config" "tau" "${RUN[@]}" --samples 400 --out "$WORK/sig.h5" --solver gcrodr --pc none --resume --tau 4
"${RUN[@]}" --samples 400 --out "$WORK/sig.h5" --solver gcrodr --pc none --resume >/dev/null || fail "resume after SIGINT"
[ -e "$WORK/sig.h5" ] && [ ! -e "$WORK/sig.h5.partial" ] || fail "resume did not complete the file"
expect_error "resume without partial file" "no interrupted run" "${RUN[@]}" --samples 5 --out "$WORK/none.h5" --resume
expect_error "resume and overwrite" "contradict" "${RUN[@]}" --samples 5 --out "$WORK/none.h5" --resume --overwrite

# Injected solver failures: max_it 1 is rescued by the direct fallback...
"${RUN[@]}" --samples 6 --out "$WORK/fallback.h5" --solver gcrodr --max-it 1 >"$WORK/out" || fail "direct fallback did not rescue max_it 1"
grep -q "converged 6/6 | failed 0 | 6 solved by the direct fallback" "$WORK/out" || fail "fallbacks not reported: $(cat "$WORK/out")"
# ...and without fallback every sample is marked failed, stored as NaN, exit 3.
status=0
"${RUN[@]}" --samples 6 --out "$WORK/failed.h5" --solver gcrodr --max-it 1 --fallback none >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -eq 3 ] || fail "failed samples: exit $status, expected 3"
grep -q "6 of 6 samples failed" "$WORK/err" || fail "failure count missing: $(cat "$WORK/err")"
# With an export: no trainer's file of NaN samples; the error line says how to get one without them.
status=0
"${RUN[@]}" --samples 6 --out "$WORK/failed_nl.h5" --layout neuralop --solver gcrodr --max-it 1 --fallback none >/dev/null 2>"$WORK/err" || status=$?
[ "$status" -eq 3 ] || fail "failed samples with --layout: exit $status, expected 3"
grep -q "6 of 6 samples failed (stored as NaN, /stats/converged = 0); no neuralop export written (skr-gen convert --in $WORK/failed_nl.h5.native.h5 --drop-failed" "$WORK/err" ||
  fail "failed export not explained: $(cat "$WORK/err")"
[ "$(wc -l <"$WORK/err")" -eq 1 ] || fail "more than one error line: $(cat "$WORK/err")"
[ ! -e "$WORK/failed_nl.h5" ] && [ -e "$WORK/failed_nl.h5.native.h5" ] || fail "an export of failed samples was written"
expect_error "max failures" "--max-failures 2" "${RUN[@]}" --samples 6 --out "$WORK/abort.h5" --solver gcrodr --max-it 1 --fallback none --max-failures 2
"$PYTHON3" - "$WORK" <<'PY' || fail "fallback / failure records"
import sys, h5py, numpy as np
w = sys.argv[1]
f = h5py.File(f"{w}/fallback.h5", "r")
assert np.all(f["stats/fallback"][:] == 2) and np.all(f["stats/converged"][:] == 1)
assert np.all(f["stats/rel_residual"][:] <= 1e-8)
g = h5py.File(f"{w}/failed.h5", "r")
assert np.all(g["stats/converged"][:] == 0) and np.all(g["stats/reason"][:] < 0)
assert np.all(np.isnan(g["outputs/solution"][:])), "failed samples must not look like data"
print("fallback and failure records ok")
PY
finish
