#!/bin/bash
# End-to-end: inspect, validate, convert (every layout, read back the way each
# trainer's loader reads it), merge, and one-line errors on bad files/flags.
source "$(dirname "$0")/lib.sh"
PY=$PYTHON3
cd "$WORK"

# lib.sh's expect_error, the one line also being skr-gen's own error line.
expect_skr_error() {
  local text=$1
  shift
  expect_error "$text" "$text" "$@"
  grep -q '^skr-gen: error:' "$WORK/err" || fail "$text: not a 'skr-gen: error:' line"
}

gen() { "$SKR_GEN" generate --samples "$1" --grid 20 --solver cg --pc icc --sort none -q --seed "$2" --out "$3" "${@:4}" >/dev/null; }
gen 10 1 a.h5
gen 4 2 b.h5

# --- inspect ---
"$SKR_GEN" inspect a.h5 >inspect.txt
grep -q "problem:    darcy" inspect.txt || fail "inspect: no problem line"
grep -q "10 (complete)" inspect.txt || fail "inspect: no completeness"
grep -q "inputs/coeff .*float32 .*\[10, 20, 20\]" inspect.txt || fail "inspect: no coeff shape"
grep -q "gzip" inspect.txt || fail "inspect: no compression"
grep -q "iterations: .*mean" inspect.txt || fail "inspect: no stats"
"$SKR_GEN" inspect a.h5 --json >inspect.json
"$PY" - <<'PY'
import json
d = json.load(open("inspect.json"))
assert d["problem"] == "darcy" and d["samples"] == 10 and d["complete"] is True, d
assert d["grid"] == [20, 20]
arrays = {a["path"]: a for a in d["arrays"]}
assert arrays["inputs/coeff"]["shape"] == [10, 20, 20] and arrays["inputs/coeff"]["dtype"] == "float32"
assert d["stats"]["not_converged"] == 0 and d["stats"]["iterations_min"] > 0
assert d["config"]["solver"] == "cg" and "petsc_options" in d["config"]
PY

# --- validate: passes, then fails naming a corrupted sample ---
"$SKR_GEN" validate a.h5 >val.txt || fail "validate failed on a good file"
grep -q "validated 10 samples" val.txt || fail "validate: no summary"
"$SKR_GEN" validate a.h5 --samples 0,2-4 | grep -q "validated 4 samples" || fail "validate --samples"
cp a.h5 bad_sol.h5
"$PY" -c "
import h5py
with h5py.File('bad_sol.h5', 'r+') as f:
    s = f['outputs/solution']; v = s[7]; v[10, 10] *= 1.01; s[7] = v
"
if "$SKR_GEN" validate bad_sol.h5 >val.txt 2>val.err; then fail "validate passed a corrupted sample"; fi
grep -q "sample 7 FAILED" val.err || { cat val.err; fail "validate did not name sample 7"; }
[ "$(grep -c FAILED val.err)" = 1 ] || fail "validate flagged good samples"
expect_skr_error "samples" "$SKR_GEN" validate a.h5 --samples 3-99
# PETSc options validate does not use are reported as generate and solve report them.
"$SKR_GEN" validate a.h5 -pc_type nonsense >val.txt 2>val.err || { cat val.err; fail "validate with an unused PETSc option"; }
grep -q "^skr-gen: warning: PETSc option -pc_type was not used$" val.err || { cat val.err; fail "validate ignored -pc_type silently"; }

# --- convert to every layout, read back like each trainer ---
"$SKR_GEN" convert --in a.h5 --out n.h5 --layout native --compression gzip:9 --chunk auto | grep -q "size:" \
  || fail "convert: no size report"
"$SKR_GEN" validate n.h5 >/dev/null || fail "converted native file does not validate"
"$SKR_GEN" convert --in a.h5 --out p.hdf5 --layout pdebench >/dev/null
"$SKR_GEN" convert --in a.h5 --out f.mat --layout fno --compression none >/dev/null
"$SKR_GEN" convert --in a.h5 --out nl.h5 --layout neuralop >/dev/null
"$SKR_GEN" convert --in a.h5 --out w --layout well >/dev/null
"$SKR_GEN" convert --in a.h5 --out s.h5 --layout native --stride 3 >/dev/null
"$SKR_GEN" convert --in a.h5 --out sp.h5 --layout neuralop --split train=0.6,valid=0.2,test=0.2 >/dev/null
"$PY" "$SKR_SOURCE_DIR/tests/cli/check_layouts.py" a.h5
ls ./*.partial 2>/dev/null && fail "partial files left behind"

# --- NaN / inf outputs (failed solves, damaged files) never reach a training file ---
cp a.h5 nan.h5
"$PY" -c "
import h5py, numpy as np
with h5py.File('nan.h5', 'r+') as f:
    s = f['outputs/solution']
    for i, bad in ((3, np.nan), (8, np.inf)):
        v = s[i]; v[2, 2] = bad; s[i] = v
"
expect_skr_error "2 of 10 samples have NaN or inf outputs (first: sample 3), e.g. failed solves; pass --drop-failed" \
  "$SKR_GEN" convert --in nan.h5 --out nan_nl.h5 --layout neuralop
[ -e nan_nl.h5 ] || [ -e nan_nl.h5.partial ] && fail "a refused convert left a file"
"$SKR_GEN" convert --in nan.h5 --out nan_nl.h5 --layout neuralop --drop-failed >drop.txt || fail "convert --drop-failed"
grep -q "^dropped 2 samples with NaN or inf outputs (first: sample 3)$" drop.txt || { cat drop.txt; fail "no drop report"; }
grep -q "wrote nan_nl.h5: 8 samples" drop.txt || { cat drop.txt; fail "--drop-failed wrote the wrong count"; }
"$SKR_GEN" convert --in nan.h5 --out nsp.h5 --layout neuralop --split train=0.6,valid=0.2,test=0.2 --drop-failed >/dev/null
"$PY" - <<'PY'
import h5py, numpy as np
with h5py.File("a.h5") as a, h5py.File("nan_nl.h5") as d:
    kept = [i for i in range(10) if i not in (3, 8)]
    assert np.array_equal(d["y"][:], a["outputs/solution"][kept]) and np.isfinite(d["y"][:]).all()
# Dropping keeps every other sample in its part (parts are drawn before).
dropped = 0
for part in ("train", "valid", "test"):
    with h5py.File(f"sp_{part}.h5") as full, h5py.File(f"nsp_{part}.h5") as less:
        rows = {r.tobytes() for r in full["x"][:]}
        assert all(r.tobytes() in rows for r in less["x"][:]), part
        assert np.isfinite(less["y"][:]).all()
        dropped += len(full["x"]) - len(less["x"])
assert dropped == 2, dropped
PY
# thermal's solution is NaN in the slot (inputs/mask = 0) by design: not a failed sample.
"$SKR_GEN" generate --problem thermal --samples 2 --grid 20 -q --out th.h5 >/dev/null
"$SKR_GEN" convert --in th.h5 --out th_nl.h5 --layout neuralop >/dev/null || fail "convert refused thermal's slot NaN"
"$PY" -c "
import h5py, numpy as np
with h5py.File('th.h5') as a, h5py.File('th_nl.h5') as d:
    mask, y = a['inputs/mask'][:], d['y'][:]
    assert np.isfinite(y).all() and (y[:, mask[0] == 0] == 0).all(), 'slot not 0 in the export'
    assert np.array_equal(y[:, mask[0] == 1], a['outputs/solution'][:][:, mask[0] == 1])
" || fail "thermal export: slot not filled with 0"

# --- merge ---
"$SKR_GEN" merge a.h5 b.h5 --out m.h5 | grep -q "14 samples" || fail "merge: wrong count"
"$SKR_GEN" validate m.h5 --samples 9-11 >/dev/null || fail "merged file does not validate"
"$PY" - <<'PY'
import h5py, numpy as np
with h5py.File("a.h5") as a, h5py.File("b.h5") as b, h5py.File("m.h5") as m:
    assert np.array_equal(m["meta/seed"][:], np.concatenate([a["meta/seed"][:], b["meta/seed"][:]]))
    assert np.array_equal(m["inputs/coeff"][10:], b["inputs/coeff"][:])
    assert np.array_equal(m["stats/iterations"][:10], a["stats/iterations"][:])
    assert "b.h5" in m.attrs["merged_from"] and m.attrs["complete"] == 1
PY
gen 3 9 c.h5 --coeff-high 10
expect_skr_error "coeff-high" "$SKR_GEN" merge a.h5 c.h5 --out m2.h5
expect_skr_error "twice" "$SKR_GEN" merge a.h5 a.h5 --out m3.h5
cp a.h5 a_copy.h5
expect_skr_error "seed" "$SKR_GEN" merge a.h5 a_copy.h5 --out m3.h5
[ -e m2.h5 ] || [ -e m2.h5.partial ] && fail "rejected merge left a file"

# --- bad files and flags: one clear line each ---
head -c 2000 a.h5 >trunc.h5
echo "not hdf5" >text.h5
for cmd in "inspect" "validate"; do
  expect_skr_error "trunc.h5" "$SKR_GEN" $cmd trunc.h5
  expect_skr_error "not a readable HDF5" "$SKR_GEN" $cmd text.h5
  expect_skr_error "does not exist" "$SKR_GEN" $cmd missing.h5
done
expect_skr_error "trunc.h5" "$SKR_GEN" merge a.h5 trunc.h5 --out m4.h5
expect_skr_error "not a readable HDF5" "$SKR_GEN" merge text.h5 a.h5 --out m4.h5
expect_skr_error "trunc.h5" "$SKR_GEN" convert --in trunc.h5 --out x.h5
expect_skr_error "not a readable HDF5" "$SKR_GEN" convert --in text.h5 --out x.h5
expect_skr_error "skr-gen dataset" "$SKR_GEN" inspect nl.h5
expect_skr_error "layout" "$SKR_GEN" convert --in a.h5 --out x.h5 --layout matlab
expect_skr_error ".hdf5" "$SKR_GEN" convert --in a.h5 --out x.h5 --layout pdebench
expect_skr_error "stride" "$SKR_GEN" convert --in a.h5 --out x.h5 --stride 0
expect_skr_error "fewer than 2 points" "$SKR_GEN" convert --in a.h5 --out x.h5 --stride 1000
expect_skr_error "sum" "$SKR_GEN" convert --in a.h5 --out x.h5 --split train=0.8,test=0.1
# generate checks its export before solving: no native file is left behind.
expect_skr_error ".hdf5" "$SKR_GEN" generate --samples 4 --grid 8 -q --layout pdebench --out gx.h5
expect_skr_error "gzip:fast" "$SKR_GEN" generate --samples 4 --grid 8 -q \
  --compression gzip:fastest --out gz.h5
expect_skr_error "gets no samples" "$SKR_GEN" generate --samples 6 --grid 8 -q --split train=0.8,valid=0.1,test=0.1 --out gs.h5
touch gt_train.h5
expect_skr_error "already exists" "$SKR_GEN" generate --samples 20 --grid 8 -q --split train=0.8,test=0.2 --out gt.h5
ls gx.h5* gs.h5* gs_* gt.h5* 2>/dev/null && fail "a refused export left files behind"
expect_skr_error "compression" "$SKR_GEN" convert --in a.h5 --out x.h5 --compression lzf
expect_skr_error "already exists" "$SKR_GEN" convert --in a.h5 --out n.h5
expect_skr_error "cannot write" "$SKR_GEN" convert --in a.h5 --out /nonexistent-dir/x.h5
expect_skr_error "unrecognised option" "$SKR_GEN" convert --in a.h5 --out x.h5 --bogus 1
expect_skr_error "input-field" "$SKR_GEN" convert --in a.h5 --out x.h5 --layout neuralop --input-field nope
cp a.h5 partial.h5
"$PY" -c "
import h5py
with h5py.File('partial.h5', 'r+') as f: f.attrs['complete'] = 0
"
expect_skr_error "incomplete" "$SKR_GEN" validate partial.h5
"$SKR_GEN" inspect partial.h5 | grep -q INCOMPLETE || fail "inspect does not flag an incomplete file"
for cmd in inspect validate convert merge; do "$SKR_GEN" $cmd --help | grep -q "example" || fail "$cmd --help"; done

# --- outputs that are not regular files are never replaced, even with --overwrite ---
mkfifo fifo.h5
expect_skr_error "is a fifo" "$SKR_GEN" convert --in a.h5 --out fifo.h5 --overwrite
expect_skr_error "is a fifo" "$SKR_GEN" merge a.h5 b.h5 --out fifo.h5 --overwrite
expect_skr_error "is a fifo" "$SKR_GEN" generate --samples 2 --grid 8 -q --out fifo.h5 --overwrite
[ -p fifo.h5 ] || fail "an output replaced the fifo"
mkfifo fifo2.h5.partial
expect_skr_error "fifo2.h5.partial' exists and is a fifo" "$SKR_GEN" convert --in a.h5 --out fifo2.h5
[ -p fifo2.h5.partial ] && [ ! -e fifo2.h5 ] || fail "convert replaced or removed a fifo partial"
rm -f fifo.h5 fifo2.h5.partial
expect_skr_error "is also an input" "$SKR_GEN" convert --in a.h5 --out a.h5 --overwrite
# A name that fits but whose temporary NAME.partial would not (NAME_MAX 255).
long=$(printf 'a%.0s' {1..245}).h5
expect_skr_error "is 248 bytes long; at most 247 fit" "$SKR_GEN" convert --in a.h5 --out "$long"
expect_skr_error "is 248 bytes long; at most 247 fit" "$SKR_GEN" merge a.h5 b.h5 --out "$long"
expect_skr_error "_train.h5' is 254 bytes long" "$SKR_GEN" convert --in a.h5 --out "$long" --split train=0.5,test=0.5
ls ./*aaaa* 2>/dev/null && fail "a refused long name left output behind"

# --- corrupted files (made with sed: same-length edits of the config text and of a link name) ---
"$SKR_GEN" generate --samples 2 --grid 20x20 --solver cg --pc icc --sort none -q --seed 3 --out g.h5 >/dev/null
LC_ALL=C sed 's/grid = 20x20/grid = 99999/' g.h5 >bigcfg.h5
cmp -s g.h5 bigcfg.h5 && fail "sed did not change the stored grid"
expect_skr_error "grid of its config (99999) does not match the stored /grid (20x20)" "$SKR_GEN" validate bigcfg.h5
LC_ALL=C sed 's/coeff\x00/coefx\x00/' g.h5 >nofield.h5
cmp -s g.h5 nofield.h5 && fail "sed did not rename inputs/coeff"
expect_skr_error "input field 'inputs/coeff' is missing" "$SKR_GEN" validate nofield.h5
expect_skr_error "input field 'inputs/coeff' is missing" "$SKR_GEN" sort --in nofield.h5
expect_skr_error "'-1' is not a sample index" "$SKR_GEN" validate a.h5 --samples -1

# --- a stored config that contradicts the root attributes fails validation ---
edit_config() { # edit_config OUT OLD NEW: a copy of g.h5 with OLD replaced by NEW in its config
  cp g.h5 "$1"
  "$PY" - "$@" <<'PY'
import sys, h5py
path, old, new = sys.argv[1:]
with h5py.File(path, "r+") as f:
    config = f.attrs["config"]
    config = config.decode() if isinstance(config, bytes) else config
    assert old in config, config
    f.attrs["config"] = config.replace(old, new)
PY
}
edit_config other.h5 "problem = darcy" "problem = poisson"
expect_skr_error "its config names problem 'poisson' but its problem attribute is 'darcy'" "$SKR_GEN" validate other.h5
edit_config quad.h5 "precision = float" "precision = quad"
expect_skr_error "its config has precision = quad, not float or double" "$SKR_GEN" validate quad.h5
edit_config double.h5 "precision = float" "precision = double"
expect_skr_error "its config has precision = double but its precision attribute is 'float'" "$SKR_GEN" validate double.h5
cp g.h5 quad_attr.h5
"$PY" -c "
import h5py
with h5py.File('quad_attr.h5', 'r+') as f: f.attrs['precision'] = 'quad'
"
expect_skr_error "its precision attribute 'quad' is not float or double" "$SKR_GEN" validate quad_attr.h5
cp g.h5 text_coeff.h5 # a string inputs/coeff [N] was "no input fields"
"$PY" -c "
import h5py
with h5py.File('text_coeff.h5', 'r+') as f:
    del f['inputs/coeff']; f['inputs/coeff'] = ['x', 'y']
"
expect_skr_error "dataset 'inputs/coeff' has type string; expected floating point" "$SKR_GEN" convert --in text_coeff.h5 --out tc.h5
finish
