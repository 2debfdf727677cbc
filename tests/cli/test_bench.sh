#!/usr/bin/env bash
# skr-gen bench: every (method, PC) row is there and converged, the CSV and
# JSON agree with the table, the speed-ups are the ratios of the reported
# times, and the methods solved side by side do not disturb one another: each
# row's per-sample iterations equal those of `generate` alone with the same
# solver on the same sorted samples. Bad methods are one-line errors.
source "$(dirname "$0")/lib.sh"
COMMON=(--problem darcy --grid 24 --samples 12 --seed 3 --sort fft-greedy)

"$SKR_GEN" bench "${COMMON[@]}" --pc none,ilu --methods gmres,gcrodr,gcrodr+warm,cg,direct,auto \
  --csv "$WORK/b.csv" --json "$WORK/b.json" -q >"$WORK/table" || fail "bench failed"
cat "$WORK/table"
for solver in gmres gcrodr; do
  for pc in none ilu; do
    "$SKR_GEN" generate "${COMMON[@]}" --solver "$solver" --pc "$pc" --out "$WORK/$solver-$pc.h5" -q \
      >/dev/null || fail "generate --solver $solver --pc $pc"
  done
done
"$SKR_GEN" generate "${COMMON[@]}" --solver gcrodr --pc ilu --warm-start true --out "$WORK/warm.h5" -q \
  >/dev/null || fail "generate --warm-start"

"$PYTHON3" - "$WORK" <<'PY' || fail "bench rows"
import sys, csv, json, h5py, numpy as np
w = sys.argv[1]
rows = json.load(open(f"{w}/b.json"))["rows"]
by = {(r["method"], r["pc"]): r for r in rows}
expected = {(m, p) for m in ("gmres", "gcrodr", "gcrodr+warm", "cg") for p in ("none", "ilu")}
assert expected <= set(by), sorted(by)
assert ("direct", "cholesky") in by and any(r["method"] == "auto" for r in rows), sorted(by)
for r in rows:
    assert r["converged"] == r["samples"] == 12, r
    assert len(r["iterations"]) == len(r["seconds"]) == 12, r["method"]
    assert r["max_rel_residual"] <= 1e-8 * 1.0001, r
    close = lambda a, b: abs(a - b) <= 1e-5 * abs(b) + 1e-12  # JSON keeps 6 digits
    assert close(r["mean_iterations"], np.mean(r["iterations"])), r["method"]
    # auto's mean also carries its exploration of the other candidates.
    pilot = r["pilot_seconds"]
    assert (pilot >= 0) if r["method"] == "auto" else (pilot == 0), r
    assert close(r["mean_solve_seconds"], (sum(r["seconds"]) + pilot) / 12), r
for pc in ("none", "ilu"):
    g = by[("gmres", pc)]
    assert abs(g["speedup_vs_gmres"] - 1) < 1e-9
    for m in ("gcrodr", "gcrodr+warm"):
        r = by[(m, pc)]
        ratio = g["mean_solve_seconds"] / r["mean_solve_seconds"]
        assert abs(r["speedup_vs_gmres"] - ratio) <= 1e-3 * ratio, (m, pc, r["speedup_vs_gmres"], ratio)
assert sum(by[("gcrodr", "none")]["iterations"]) < sum(by[("gmres", "none")]["iterations"])

# The fastest baseline side by side runs again alone after auto, with the
# same iterations; auto is compared with the faster of its two runs, the
# others with the side-by-side one.
side = [r for r in rows if not r["alone"] and r["method"] in ("gmres", "cg", "direct")]
fastest = min(side, key=lambda r: r["mean_solve_seconds"])
alone = [r for r in rows if r["alone"]]
assert len(alone) == 1 and alone[0]["method"] == fastest["method"] + " alone", alone
assert alone[0]["pc"] == fastest["pc"] and alone[0]["iterations"] == fastest["iterations"]
auto = next(r for r in rows if r["method"] == "auto")
best = min(fastest["mean_solve_seconds"], alone[0]["mean_solve_seconds"])
assert abs(auto["speedup_vs_best"] - best / auto["mean_solve_seconds"]) <= 1e-3 * auto["speedup_vs_best"]
assert abs(by[("gcrodr", "ilu")]["speedup_vs_best"] * by[("gcrodr", "ilu")]["mean_solve_seconds"]
           - fastest["mean_solve_seconds"]) <= 1e-3 * fastest["mean_solve_seconds"]

# Side by side, yet undisturbed: the same iterations as generate alone.
def generated(path):
    f = h5py.File(path, "r")
    its = np.empty(12, dtype=int)
    its[f["meta/solve_position"][:]] = f["stats/iterations"][:]
    return list(its)
for solver in ("gmres", "gcrodr"):
    for pc in ("none", "ilu"):
        assert by[(solver, pc)]["iterations"] == generated(f"{w}/{solver}-{pc}.h5"), (solver, pc)
assert by[("gcrodr+warm", "ilu")]["iterations"] == generated(f"{w}/warm.h5")

table = open(f"{w}/table").read()
lines = list(csv.DictReader(open(f"{w}/b.csv")))
assert len(lines) == len(rows)
for line, r in zip(lines, rows):
    assert line["method"] == r["method"] and line["pc"] == r["pc"]
    assert line["alone"] == str(int(r["alone"]))
    assert abs(float(line["pilot_seconds"]) - r["pilot_seconds"]) <= 1e-5 * r["pilot_seconds"]
    assert f'{r["mean_iterations"]:.1f}' in table
assert f'trying the others took {auto["pilot_seconds"]:.3f} s' in table, table
print(f"bench: {len(rows)} rows consistent across table, CSV and JSON; "
      "per-sample iterations equal generate's for gmres, gcrodr, gcrodr+warm")
PY

expect_error "unknown method" "unknown method 'fast'" "$SKR_GEN" bench "${COMMON[@]}" --methods gmres,fast
expect_error "bad rtol" "--rtol" "$SKR_GEN" bench "${COMMON[@]}" --rtol 2
finish
