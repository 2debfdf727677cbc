#!/usr/bin/env bash
# skr-gen sort on a generated dataset: a valid permutation, a path no longer
# than the random order's, the same order generate recorded, clear errors.
source "$(dirname "$0")/lib.sh"
"$SKR_GEN" generate --samples 40 --grid 16 --coeff lognormal --sort greedy --out "$WORK/d.h5" -q >/dev/null
for method in greedy fft-greedy hilbert auto; do
  "$SKR_GEN" sort --in "$WORK/d.h5" --method "$method" --out "$WORK/$method.txt" >"$WORK/$method.log" ||
    { fail "sort --method $method"; continue; }
done
"$PYTHON3" - "$WORK" <<'PY' || fail "sort results"
import sys, re, h5py
w = sys.argv[1]
for method in ("greedy", "fft-greedy", "hilbert", "auto"):
    order = [int(l) for l in open(f"{w}/{method}.txt") if not l.startswith("#")]
    assert sorted(order) == list(range(40)), method
    text = open(f"{w}/{method}.log").read()
    path, random = map(float, re.search(r"path length (\S+), random order (\S+)", text).groups())
    assert path < random, (method, path, random)
# generate --sort greedy used the same greedy order (raw features, start at sample 0)
pos = h5py.File(f"{w}/d.h5")["meta/solve_position"][:]
gen_order = sorted(range(40), key=lambda i: pos[i])
greedy = [int(l) for l in open(f"{w}/greedy.txt") if not l.startswith("#")]
assert gen_order == greedy, "sort and generate disagree"
print("sort ok")
PY
# PETSc options a subcommand does not use are reported, not ignored silently.
"$SKR_GEN" sort --in "$WORK/d.h5" -ksp_rtol 1e-3 >"$WORK/opt.out" 2>"$WORK/opt.err" || fail "sort with an unused PETSc option"
grep -q "^skr-gen: warning: PETSc option -ksp_rtol was not used$" "$WORK/opt.err" || fail "sort ignored -ksp_rtol silently: $(cat "$WORK/opt.err")"
expect_error "sort missing file" "does not exist" "$SKR_GEN" sort --in "$WORK/none.h5"
expect_error "sort bad method" "unknown sort method" "$SKR_GEN" sort --in "$WORK/d.h5" --method zigzag
expect_error "sort no input" "--in" "$SKR_GEN" sort
# inputs/coeff renamed (a same-length edit of its link name): no silent identity order.
LC_ALL=C sed 's/coeff\x00/coefx\x00/' "$WORK/d.h5" >"$WORK/nofield.h5"
cmp -s "$WORK/d.h5" "$WORK/nofield.h5" && fail "sed did not rename inputs/coeff"
expect_error "sort missing input field" "input field 'inputs/coeff' is missing" "$SKR_GEN" sort --in "$WORK/nofield.h5"
finish
