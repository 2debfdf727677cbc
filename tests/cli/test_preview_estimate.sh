#!/usr/bin/env bash
# skr-gen preview writes a valid PNG of the requested width; skr-gen estimate
# predicts a small generate run's wall time and file size within a factor 2.
source "$(dirname "$0")/lib.sh"
: "${SKR_SOURCE_DIR:?}"

# png_size FILE: "WIDTH HEIGHT" from the signature and IHDR chunk, or an error.
png_size() {
  "$PYTHON3" - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(33)
if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
    sys.exit("not a PNG")
width, height = struct.unpack(">II", data[16:24])
print(width, height)
PY
}

"$SKR_GEN" preview --problem darcy --grid 32 --samples 3 --width 500 --out "$WORK/darcy.png" >"$WORK/log"
read -r width height < <(png_size "$WORK/darcy.png")
if [ "$width" -eq 500 ] && [ "$height" -gt 100 ]; then echo "ok: preview darcy ${width}x${height}"
else fail "preview darcy: PNG is ${width}x${height}, expected width 500"; fi
grep -q "inputs/coeff | outputs/solution" "$WORK/log" || fail "preview: columns not reported"

# 3-D family (middle slice) and a family with NaN cells.
"$SKR_GEN" preview --problem darcy3d --grid 12 --samples 2 --width 400 --out "$WORK/d3.png" -q
read -r width height < <(png_size "$WORK/d3.png")
[ "$width" -eq 400 ] && echo "ok: preview darcy3d ${width}x${height}" || fail "preview darcy3d width $width"
# Without --width: 400 pixels per field (advdiff: 3 inputs and the solution).
"$SKR_GEN" preview --problem advdiff --grid 16 --samples 1 --out "$WORK/advdiff.png" -q
read -r width height < <(png_size "$WORK/advdiff.png")
[ "$width" -eq 1600 ] && echo "ok: preview advdiff ${width}x${height}" || fail "preview advdiff width $width"
"$SKR_GEN" preview --problem thermal --grid 40 --samples 1 --width 400 --out "$WORK/thermal.png" -q
read -r width height < <(png_size "$WORK/thermal.png")
[ "$width" -eq 400 ] && echo "ok: preview thermal ${width}x${height}" || fail "preview thermal width $width"

expect_error "preview: unwritable output" "does not exist" \
  "$SKR_GEN" preview --problem darcy --grid 16 --out /nonexistent-dir/p.png
expect_error "preview: bad width" "--width" "$SKR_GEN" preview --problem darcy --grid 16 --width 10 --out "$WORK/x.png"
expect_error "preview: too many samples" "--samples" "$SKR_GEN" preview --samples 1000 --out "$WORK/x.png"
expect_error "preview: unknown problem" "unknown problem" "$SKR_GEN" preview --problem nope --out "$WORK/x.png"
expect_error "preview: unknown option" "unrecognised" "$SKR_GEN" preview --colour red --out "$WORK/x.png"
expect_error "estimate: bad precision" "--precision" "$SKR_GEN" estimate --precision half
expect_error "estimate: pilot of one" "--pilot" "$SKR_GEN" estimate --pilot 1
# A pilot whose solves all fail says so, instead of a quiet prediction.
"$SKR_GEN" estimate --samples 20 --grid 16 --solver gmres --max-it 1 --fallback none --pilot 4 >"$WORK/failing" 2>&1 ||
  fail "estimate with failing solves: $(cat "$WORK/failing")"
grep -q "warning: 4 of the 4 pilot solves did not converge" "$WORK/failing" || fail "no warning: $(cat "$WORK/failing")"

# Estimate against a real run: wall time and size within a factor 2. The
# run is short (process start-up is half of it), so a neighbour test's burst
# can double one side: a miss is retried, and three misses in a row fail.
run=(--problem darcy --samples 60 --grid 48 --seed 3)
estimate_matches_run() {
  "$SKR_GEN" estimate "${run[@]}" >"$WORK/estimate"
  cat "$WORK/estimate"
  local predicted_seconds predicted_bytes start end actual_bytes
  predicted_seconds=$(sed -n 's/^predicted wall time: \([0-9.e+-]*\) s.*/\1/p' "$WORK/estimate")
  predicted_bytes=$(sed -n 's/^predicted size: .* (\([0-9]*\) bytes.*/\1/p' "$WORK/estimate")
  rm -f "$WORK/real.h5"
  start=$(date +%s.%N)
  "$SKR_GEN" generate "${run[@]}" --out "$WORK/real.h5" -q >/dev/null
  end=$(date +%s.%N)
  actual_bytes=$(stat -c %s "$WORK/real.h5")
  "$PYTHON3" - "$predicted_seconds" "$start" "$end" "$predicted_bytes" "$actual_bytes" <<'PY'
import sys
predicted_s, start, end, predicted_b, actual_b = map(float, sys.argv[1:])
actual_s = end - start
time_ratio, size_ratio = predicted_s / actual_s, predicted_b / actual_b
print(f"estimate: {predicted_s:.3f} s vs actual {actual_s:.3f} s (ratio {time_ratio:.2f}); "
      f"{predicted_b:.0f} vs {actual_b:.0f} bytes (ratio {size_ratio:.3f})")
sys.exit(0 if 0.5 <= time_ratio <= 2 and 0.5 <= size_ratio <= 2 else 1)
PY
}
if estimate_matches_run || estimate_matches_run || estimate_matches_run
then echo "ok: estimate within a factor 2"; else fail "estimate not within a factor 2 of the real run (3 tries)"; fi
# The Python plotting scripts: a figure with matplotlib, exit 2 and a clear message without it.
if "$PYTHON3" -c 'import matplotlib' 2>/dev/null; then
  "$PYTHON3" "$SKR_SOURCE_DIR/scripts/python/plot_dataset.py" "$WORK/real.h5" --samples 2 --out "$WORK/fig.png" >/dev/null &&
    [ -s "$WORK/fig.png" ] && echo "ok: plot_dataset.py" || fail "plot_dataset.py"
else
  status=0
  "$PYTHON3" "$SKR_SOURCE_DIR/scripts/python/plot_dataset.py" "$WORK/real.h5" --out "$WORK/fig.png" 2>"$WORK/err" || status=$?
  [ "$status" -eq 2 ] && grep -q "matplotlib is not installed" "$WORK/err" &&
    echo "ok: plot_dataset.py without matplotlib -> exit 2" || fail "plot_dataset.py without matplotlib: exit $status"
fi
finish
