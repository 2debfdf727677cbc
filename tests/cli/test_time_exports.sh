#!/usr/bin/env bash
# Time-dependent datasets (trajectories, issue 24) through every consumer of
# the native layout: inspect (frames, times, scheme, per-step statistics),
# preview --in (frames per sample), convert --split (whole trajectories),
# --stride (every frame thinned), --drop-failed (whole trajectories), merge
# of shards, and the trainer layouts (pdebench per-sample groups, fno
# time series, well trajectories; neuralop and short trajectories refused),
# read back as the trainers read them (tests/cli/check_trainers.py --time).
# The data are heat trajectories from generate (grid 16, 11 frames), and for
# the failed trajectory a SYNTHETIC file written per TIME_SPEC.md by
# tests/cli/make_synthetic_trajectories.py (no solver ran).
source "$(dirname "$0")/lib.sh"
cd "$WORK"
"$PYTHON3" -c "import h5py, yaml" 2>/dev/null || { echo "SKIPPED: h5py or yaml missing"; exit 77; }
make_data() { "$PYTHON3" "$SKR_SOURCE_DIR/tests/cli/make_synthetic_trajectories.py" "$@" >/dev/null; }
heat() { "$SKR_GEN" generate --problem heat --grid 16 --dt 0.01 --solver gmres --pc ilu -q "$@" >/dev/null; }

heat --samples 8 --t-final 0.1 --out traj.h5 || fail "generate heat"
"$SKR_GEN" inspect traj.h5 >inspect.txt || fail "inspect"
grep -q "time:       11 frames, t = 0 .. 0.1 (scheme be, dt 0.01, 10 steps, every step recorded)" inspect.txt ||
  fail "inspect: time line: $(grep time: inspect.txt)"
grep -q "outputs/solution.*\[8, 11, 16, 16\].*chunks \[1, 1, 16, 16\]" inspect.txt || fail "inspect: output shape"
grep -q "per time step (80 steps" inspect.txt || fail "inspect: per-step statistics"
"$SKR_GEN" inspect traj.h5 --json >inspect.json || fail "inspect --json"
"$PYTHON3" - <<'EOF' || fail "inspect --json: time section"
import json, h5py, numpy as np
j = json.load(open("inspect.json"))["time"]
with h5py.File("traj.h5") as f:
    it = f["stats/steps/iterations"][:]
assert j["frames"] == 11 and j["steps"] == 10 and j["scheme"] == "be", j
assert j["step_stats"]["iterations_max"] == it.max(), j
assert abs(j["step_stats"]["iterations_mean"] - it.mean()) < 1e-9, j
EOF

# preview: rows = samples, columns = frames.
"$SKR_GEN" preview --in traj.h5 --samples 2 --frames 3 --out p.png >preview.txt || fail "preview --in"
grep -q "columns: outputs/solution at t = 0 | 0.05 | 0.1" preview.txt || fail "preview: frames $(cat preview.txt)"
"$PYTHON3" -c "
import struct; d = open('p.png', 'rb').read(24)
w, h = struct.unpack('>II', d[16:24]); assert d[:8] == b'\x89PNG\r\n\x1a\n' and w == 1200 and h > 200, (w, h)" ||
  fail "preview: not a 1200-pixel-wide PNG"

# convert --split: whole trajectories per part; --stride thins every frame.
"$SKR_GEN" convert --in traj.h5 --out part.h5 --split train=0.75,test=0.25 >/dev/null || fail "convert --split"
"$SKR_GEN" convert --in traj.h5 --out half.h5 --stride 2 >/dev/null || fail "convert --stride"
"$PYTHON3" - <<'EOF' || fail "split / stride of trajectories"
import h5py, numpy as np
with h5py.File("traj.h5") as f:
    seeds, u, steps = list(f["meta/seed"][:]), f["outputs/solution"][:], f["stats/steps/iterations"][:]
    t = f["grid/t"][:]
rows = []
for part in ("part_train.h5", "part_test.h5"):
    with h5py.File(part) as g:
        assert len(g["meta/seed"]) in (2, 6), part
        assert g.attrs["time_dependent"] == 1 and g.attrs["frames"] == 11
        assert np.array_equal(g["grid/t"][:], t)
        assert g["outputs/solution"].chunks == (1, 1, 16, 16), g["outputs/solution"].chunks
        for r, s in enumerate(g["meta/seed"][:]):
            i = seeds.index(s)
            rows.append(i)
            assert np.array_equal(g["outputs/solution"][r], u[i]), "a trajectory was cut"
            assert np.array_equal(g["stats/steps/iterations"][r], steps[i])
assert sorted(rows) == list(range(8)), rows
with h5py.File("half.h5") as g:
    assert g["outputs/solution"].shape == (8, 11, 8, 8)
    assert np.array_equal(g["outputs/solution"][3, 7], u[3, 7, ::2, ::2])
EOF
"$SKR_GEN" inspect part_test.h5 >/dev/null || fail "inspect a split part"

# A failed trajectory: refused, or left out whole with --drop-failed.
make_data bad.h5 --samples 4 --steps 10 --failed 1
expect_error "failed trajectory" "1 of 4 samples have NaN or inf outputs (first: sample 1)" \
  "$SKR_GEN" convert --in bad.h5 --out b.h5
"$SKR_GEN" convert --in bad.h5 --out b.h5 --drop-failed >drop.txt || fail "--drop-failed"
grep -q "dropped 1 samples" drop.txt || fail "--drop-failed: $(cat drop.txt)"
"$PYTHON3" -c "
import h5py; g = h5py.File('b.h5'); assert g['outputs/solution'].shape == (3, 11, 16, 16)
assert g['stats/steps/iterations'].shape == (3, 10)" || fail "--drop-failed: 3 whole trajectories"

# merge: shards of one run, and trajectories of another time axis refused.
heat --samples 6 --t-final 0.1 --shard 0/2 --out s0.h5 || fail "generate shard 0/2"
heat --samples 6 --t-final 0.1 --shard 1/2 --out s1.h5 || fail "generate shard 1/2"
"$SKR_GEN" merge s0.h5 s1.h5 --out merged.h5 >/dev/null || fail "merge shards"
"$PYTHON3" -c "
import h5py, numpy as np; g = h5py.File('merged.h5')
a, b = h5py.File('s0.h5'), h5py.File('s1.h5')
assert g['outputs/solution'].shape == (6, 11, 16, 16) and g['stats/steps/iterations'].shape == (6, 10)
i = int(b['meta/index'][0])  # run order: shard 1's first row is the run's sample i
assert np.array_equal(g['outputs/solution'][i], b['outputs/solution'][0])
assert np.array_equal(g['grid/t'][:], a['grid/t'][:])" || fail "merge: trajectories in run order"
heat --samples 3 --t-final 0.2 --seed 99 --out other.h5 || fail "generate other"
expect_error "merge time axes" "differ in their time axis" \
  "$SKR_GEN" merge traj.h5 other.h5 --out m2.h5

# Trainer layouts.
"$SKR_GEN" convert --in traj.h5 --layout pdebench --out traj_pdebench.h5 >/dev/null || fail "pdebench"
"$SKR_GEN" convert --in traj.h5 --layout fno --out traj.mat >/dev/null || fail "fno"
"$SKR_GEN" convert --in traj.h5 --layout well --out traj_well --split train=0.75,test=0.25 >/dev/null ||
  fail "well"
expect_error "neuralop trajectories" "its time-series reader, TheWellDataset, reads The Well's format: use --layout well" \
  "$SKR_GEN" convert --in traj.h5 --layout neuralop --out n.h5
expect_error "pdebench name" "must end in \".h5\" for trajectories in the pdebench layout" \
  "$SKR_GEN" convert --in traj.h5 --layout pdebench --out p.hdf5
heat --samples 2 --t-final 0.03 --out short.h5 || fail "generate short"
expect_error "well short" "trajectories of 4 frames, but WellDataset's benchmark setting (n_steps_input 4, n_steps_output 1) needs at least 5" \
  "$SKR_GEN" convert --in short.h5 --layout well --out short_well
expect_error "pdebench short" "trajectories of 4 frames, but PDEBench's FNODatasetMult feeds the first 10 frames" \
  "$SKR_GEN" convert --in short.h5 --layout pdebench --out short.h5x.h5
# generate refuses a layout that cannot hold its trajectories before it solves.
expect_error "generate heat neuralop" "use --layout well" \
  "$SKR_GEN" generate --problem heat --grid 8 --samples 2 --layout neuralop --out g.h5
[ ! -e g.h5.native.h5 ] || fail "generate solved before refusing the layout"
# preview of a time-dependent family solves its trajectories and draws frames.
"$SKR_GEN" preview --problem heat --grid 16 --dt 0.01 --t-final 0.1 --samples 2 --frames 3 \
  --out hp.png >hp.txt || fail "preview --problem heat"
grep -q "columns: outputs/solution at t = 0 | 0.05 | 0.1" hp.txt || fail "preview heat: $(cat hp.txt)"
status=0
"$PYTHON3" "$SKR_SOURCE_DIR/tests/cli/check_trainers.py" --time traj || status=$?
[ "$status" -eq 77 ] && { finish; exit 77; }
[ "$status" -eq 0 ] || fail "check_trainers.py --time"
finish
