#!/usr/bin/env bash
# skr-gen solve: systems exported from our own generators, in every input
# format, solve to the same solutions as `generate`; identical matrices are
# detected; bad input gives one clear line and no output file.
source "$(dirname "$0")/lib.sh"
E=("$SKR_GEN" export-systems --problem darcy --samples 12 --grid 12 --seed 5)
S=("$SKR_GEN" solve -q --rtol 1e-10 --precision double)

"$SKR_GEN" generate --problem darcy --samples 12 --grid 12 --seed 5 --precision double --solver gcrodr --rtol 1e-10 \
  --out "$WORK/gen.h5" -q >/dev/null
for format in mtx petsc petsc-seq h5 h5-groups; do
  "${E[@]}" --format "$format" --out "$WORK/$format" >/dev/null
done
"${S[@]}" --systems "$WORK/mtx/A_*.mtx" --out "$WORK/mtx.h5" >"$WORK/mtx.log" || fail "solve mtx"
"${S[@]}" --systems "$WORK/mtx" --out "$WORK/mtxdir.h5" --sort none >/dev/null || fail "solve mtx directory"
"${S[@]}" --systems "$WORK/petsc" --out "$WORK/petsc.h5" --sort hilbert >/dev/null || fail "solve petsc directory"
"${S[@]}" --systems "$WORK/petsc/system_*.petsc" --out "$WORK/petscglob.h5" >/dev/null || fail "solve petsc glob"
"${S[@]}" --systems "$WORK/petsc-seq/systems.petsc" --out "$WORK/petsc-seq.h5" --solver gmres -pc_type jacobi \
  >/dev/null || fail "solve petsc sequence"
"${S[@]}" --systems "$WORK/h5/systems.h5" --out "$WORK/h5.h5" --features provided >/dev/null || fail "solve h5"
"${S[@]}" --systems "$WORK/h5-groups/systems.h5" --out "$WORK/h5-groups.h5" --features rhs --solver auto \
  >/dev/null || fail "solve h5 groups"
grep -q "on matrix values (random projection to 64 dims)" "$WORK/mtx.log" || fail "mtx log: $(cat "$WORK/mtx.log")"

"$PYTHON3" - "$WORK" <<'PY' || fail "solutions differ from generate"
import sys, h5py, numpy as np
w = sys.argv[1]
g = h5py.File(f"{w}/gen.h5", "r")["outputs/solution"][:].reshape(12, -1)
for name in ["mtx", "mtxdir", "petsc", "petscglob", "petsc-seq", "h5", "h5-groups"]:
    f = h5py.File(f"{w}/{name}.h5", "r")
    x = f["outputs/solution"][:]
    assert x.shape == (12, 144) and x.dtype == np.float64, (name, x.shape, x.dtype)
    rel = np.abs(x - g).max() / np.abs(g).max()
    assert rel < 1e-8, (name, rel)
    assert f.attrs["complete"] == 1 and f.attrs["problem"] == "systems", name
    assert list(f["meta/seed"][:]) == list(range(12)), name
    assert sorted(f["meta/solve_position"][:]) == list(range(12)), name
    assert np.all(f["stats/converged"][:] == 1) and np.all(f["stats/rel_residual"][:] <= 1e-10), name
    assert f.attrs["identical_matrices"] == "false" and f.attrs["shared_pattern"] == "true", name
    if name != "h5-groups":  # sorted by right-hand sides, which are all alike there
        assert 0 < float(f.attrs["sort_path_length"]) < float(f.attrs["random_path_length"]), name
    assert "systems" in f.attrs["config"] and len(f.attrs["solver"]) > 0, name
f = h5py.File(f"{w}/mtx.h5", "r")
assert f.attrs["features"] == "values" and f.attrs["source_format"] == "Matrix Market"
assert "gcrodr" in f.attrs["solver"], f.attrs["solver"]
assert h5py.File(f"{w}/h5.h5", "r").attrs["features"] == "provided"
assert "gmres" in h5py.File(f"{w}/petsc-seq.h5", "r").attrs["solver"]
assert list(h5py.File(f"{w}/mtxdir.h5", "r")["meta/solve_position"][:]) == list(range(12))
print("solutions match generate")
PY

# Same matrix, new right-hand sides: the preconditioner is built once.
"$SKR_GEN" export-systems --problem poisson --samples 6 --grid 10 --format mtx --out "$WORK/poisson" >/dev/null
"$SKR_GEN" solve --systems "$WORK/poisson/A_*.mtx" --out "$WORK/poisson.h5" -q >"$WORK/poisson.log" || fail "solve poisson"
grep -q "all 6 matrices are identical: preconditioner built once" "$WORK/poisson.log" || fail "no same-matrix report"
"$PYTHON3" - "$WORK" <<'PY' || fail "same-matrix attributes"
import sys, h5py, numpy as np
f = h5py.File(f"{sys.argv[1]}/poisson.h5", "r")
assert f.attrs["identical_matrices"] == "true" and f.attrs["features"] == "rhs", dict(f.attrs)
assert "preconditioner built once" in f.attrs["solver"]
assert np.all(f["stats/converged"][:] == 1)
PY

# Bad input.
B=("$SKR_GEN" solve -q)
mk() { mkdir -p "$WORK/bad/$1"; }
mk size && cp "$WORK/mtx/A_0.mtx" "$WORK/bad/size/A_0.mtx"
printf '%%%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n' >"$WORK/bad/size/b_0.mtx"
mk square && printf '%%%%MatrixMarket matrix coordinate real general\n2 3 2\n1 1 1\n2 2 1\n' >"$WORK/bad/square/A_0.mtx"
printf '%%%%MatrixMarket matrix array real general\n2 1\n1\n2\n' >"$WORK/bad/square/b_0.mtx"
mk nan && cp "$WORK/mtx/"{A,b}_{0,1}.mtx "$WORK/bad/nan/" && sed -i '3s/ [^ ]*$/ nan/' "$WORK/bad/nan/A_1.mtx"
mk inf && cp "$WORK/mtx/"{A,b}_0.mtx "$WORK/bad/inf/" && sed -i '5s/.*/inf/' "$WORK/bad/inf/b_0.mtx"
mk norhs && cp "$WORK/mtx/A_0.mtx" "$WORK/bad/norhs/"
mk syntax && printf '%%%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n2 x 1\n' >"$WORK/bad/syntax/A_0.mtx"
cp "$WORK/bad/square/b_0.mtx" "$WORK/bad/syntax/"
head -c 1000 "$WORK/petsc-seq/systems.petsc" >"$WORK/bad/truncated.petsc"
"$PYTHON3" -c "import h5py; h5py.File('$WORK/bad/empty.h5', 'w').create_group('other')"
mk unreadable && cp "$WORK/mtx/"{A,b}_0.mtx "$WORK/bad/unreadable/" && chmod 000 "$WORK/bad/unreadable/A_0.mtx"
O=(--out "$WORK/x.h5")
expect_error "rhs length" "system 0: the right-hand side '$WORK/bad/size/b_0.mtx' has 3 entries but the matrix has 144 rows" "${B[@]}" --systems "$WORK/bad/size/A_*.mtx" "${O[@]}"
expect_error "non-square" "system 0 ('$WORK/bad/square/A_0.mtx'): the matrix is not square (2 x 3)" "${B[@]}" --systems "$WORK/bad/square" "${O[@]}"
expect_error "NaN entry" "system 1 ('$WORK/bad/nan/A_1.mtx'): matrix entry" "${B[@]}" --systems "$WORK/bad/nan/A_*.mtx" "${O[@]}"
expect_error "Inf rhs" "right-hand side entry 2 is inf" "${B[@]}" --systems "$WORK/bad/inf/A_*.mtx" "${O[@]}"
expect_error "missing rhs" "the right-hand side '$WORK/bad/norhs/b_0.mtx' of" "${B[@]}" --systems "$WORK/bad/norhs/A_*.mtx" "${O[@]}"
expect_error "mtx syntax" "A_0.mtx' line 4" "${B[@]}" --systems "$WORK/bad/syntax/A_*.mtx" "${O[@]}"
expect_error "no match" "matches no files" "${B[@]}" --systems "$WORK/bad/A_*.mtx" "${O[@]}"
expect_error "missing file" "does not exist" "${B[@]}" --systems "$WORK/nothing.petsc" "${O[@]}"
expect_error "truncated petsc" "truncated" "${B[@]}" --systems "$WORK/bad/truncated.petsc" "${O[@]}"
expect_error "h5 without systems" "holds neither" "${B[@]}" --systems "$WORK/bad/empty.h5" "${O[@]}"
if [ "$(id -u)" -ne 0 ]; then
  expect_error "unreadable file" "cannot read '$WORK/bad/unreadable/A_0.mtx'" "${B[@]}" --systems "$WORK/bad/unreadable/A_*.mtx" "${O[@]}"
fi
expect_error "no features" "--features provided" "${B[@]}" --systems "$WORK/mtx/A_*.mtx" --features provided "${O[@]}"
expect_error "missing --systems" "--systems is required" "${B[@]}" "${O[@]}"
expect_error "existing output" "already exists" "${B[@]}" --systems "$WORK/mtx/A_*.mtx" --out "$WORK/mtx.h5"
# The output never replaces an input, a file of the systems directory, or a non-regular file.
cp "$WORK/mtx/A_0.mtx" "$WORK/A_0.saved"
expect_error "output in systems dir" "is inside the systems directory" "${B[@]}" --systems "$WORK/mtx" --out "$WORK/mtx/A_0.mtx" --overwrite
expect_error "output is a matrix" "is one of the systems being read" "${B[@]}" --systems "$WORK/mtx/A_*.mtx" --out "$WORK/mtx/A_1.mtx" --overwrite
expect_error "output is a rhs" "is one of the systems being read" "${B[@]}" --systems "$WORK/mtx/A_*.mtx" --out "$WORK/mtx/b_2.mtx" --overwrite
expect_error "output is the systems file" "is the systems file being read" "${B[@]}" --systems "$WORK/h5/systems.h5" --out "$WORK/h5/systems.h5" --overwrite
cmp -s "$WORK/A_0.saved" "$WORK/mtx/A_0.mtx" || fail "solve damaged its input A_0.mtx"
mkfifo "$WORK/fifo.h5"
expect_error "fifo output" "is a fifo" "${B[@]}" --systems "$WORK/mtx/A_*.mtx" --out "$WORK/fifo.h5" --overwrite
[ -p "$WORK/fifo.h5" ] || fail "solve replaced a fifo"
mkdir "$WORK/exfifo" && mkfifo "$WORK/exfifo/b_0.mtx"
expect_error "export into a fifo" "exfifo/b_0.mtx' exists and is not a regular file" "${E[@]}" --format mtx --out "$WORK/exfifo"
expect_error "huge --feature-dims" "--feature-dims: 100000000 is outside [1, 1024]" timeout 60 "${B[@]}" --systems "$WORK/mtx/A_*.mtx" "${O[@]}" --feature-dims 100000000

# Headers that claim more than the file holds are refused before anything is
# allocated (the first one made skr-gen allocate ~23 GB); a memory limit
# turns a regression into a quick failure instead of an OOM kill.
hdr() { mk "$1" && printf "%%%%MatrixMarket matrix coordinate real general\n$2" >"$WORK/bad/$1/A_0.mtx" &&
  printf '%%%%MatrixMarket matrix array real general\n3 1\n1\n2\n3\n' >"$WORK/bad/$1/b_0.mtx"; }
# A 4 GB address-space cap makes a regression fail fast instead of paging the
# machine; AddressSanitizer reserves terabytes of shadow memory, so a
# sanitized build runs with the timeout alone. (ldd's output is captured
# whole: `ldd | grep -q` under pipefail fails when grep exits before ldd.)
if [[ "$(ldd "$SKR_GEN" 2>/dev/null)" == *libasan* ]]; then
  L() { timeout 60 "$@"; }
else
  L() { (ulimit -v 4000000; timeout 60 "$@"); }
fi
hdr huge '3000000000 3000000000 3\n1 1 1\n2 2 1\n3 3 1\n'
hdr nnz '3 3 99999999999\n1 1 1\n2 2 1\n3 3 1\n'
hdr lines '10000 10000 90000000\n1 1 1\n2 2 1\n3 3 1\n'
hdr sparse '100000000 100000000 1\n1 1 1\n'
hdr more '3 3 2\n1 1 1\n2 2 1\n3 3 1\n'
hdr fewer '3 3 3\n1 1 1\n2 2 1\n%% a comment long enough for a line\n'
hdr columns '3 3 3\n1 1 2 9\n2 2 1\n3 3 1\n'
hdr longb '3 3 3\n1 1 1\n2 2 1\n3 3 1\n' && printf '%%%%MatrixMarket matrix array real general\n100000000 1\n1\n' >"$WORK/bad/longb/b_0.mtx"
hdr moreb '3 3 3\n1 1 1\n2 2 1\n3 3 1\n' && printf '\n4\n' >>"$WORK/bad/moreb/b_0.mtx"
expect_error "huge mtx size" "A_0.mtx' line 2: a 3000000000 x 3000000000 matrix is too large" L "${B[@]}" --systems "$WORK/bad/huge/A_*.mtx" "${O[@]}"
expect_error "huge mtx entry count" "A_0.mtx' line 2: 99999999999 entries do not fit a 3 x 3 matrix" L "${B[@]}" --systems "$WORK/bad/nnz/A_*.mtx" "${O[@]}"
expect_error "entries beyond the file" "declares 90000000 entries but the 18 bytes after it hold at most 3" L "${B[@]}" --systems "$WORK/bad/lines/A_*.mtx" "${O[@]}"
expect_error "one entry, 1e8 rows" "1 entries cannot give each of the 100000000 rows one" L "${B[@]}" --systems "$WORK/bad/sparse/A_*.mtx" "${O[@]}"
expect_error "more entries than declared" "A_0.mtx' line 5: more entries than the 2 its size line declares" L "${B[@]}" --systems "$WORK/bad/more/A_*.mtx" "${O[@]}"
expect_error "fewer entries than declared" "A_0.mtx': the file ends at line 5 after 2 of the 3 entries" L "${B[@]}" --systems "$WORK/bad/fewer/A_*.mtx" "${O[@]}"
expect_error "extra value column" "A_0.mtx' line 3: expected 3 numbers (row column value), found 4 in '1 1 2 9'" L "${B[@]}" --systems "$WORK/bad/columns/A_*.mtx" "${O[@]}"
expect_error "huge rhs header" "b_0.mtx' line 2: the size line declares 100000000 entries" L "${B[@]}" --systems "$WORK/bad/longb/A_*.mtx" "${O[@]}"
expect_error "extra rhs entry" "b_0.mtx' line 7: more entries than the 3 its size line declares" L "${B[@]}" --systems "$WORK/bad/moreb/A_*.mtx" "${O[@]}"
head -c 8 "$WORK/petsc-seq/systems.petsc" >"$WORK/bad/huge.petsc" && printf '\x7f\xff\xff\xff\x00\x00\x00\x03' >>"$WORK/bad/huge.petsc"
expect_error "huge petsc header" "is too large (at most 100000000 rows and columns)" L "${B[@]}" --systems "$WORK/bad/huge.petsc" "${O[@]}"

# Inputs that are no regular files are refused, not opened (a fifo would hang).
mkfifo "$WORK/bad/fifo1" "$WORK/bad/fifo.h5"
mk fifob && cp "$WORK/mtx/A_0.mtx" "$WORK/bad/fifob/" && mkfifo "$WORK/bad/fifob/b_0.mtx"
mk fifoa && cp "$WORK/mtx/"{A,b}_0.mtx "$WORK/bad/fifoa/" && mkfifo "$WORK/bad/fifoa/A_1.mtx"
mk fifodir && mkfifo "$WORK/bad/fifodir/system_0.petsc"
expect_error "fifo --systems" "--systems: file '$WORK/bad/fifo1' is a fifo, not a regular file" timeout 20 "${B[@]}" --systems "$WORK/bad/fifo1" "${O[@]}"
expect_error "fifo --systems h5" "'$WORK/bad/fifo.h5' is a fifo, not a regular file" timeout 20 "${B[@]}" --systems "$WORK/bad/fifo.h5" "${O[@]}"
expect_error "fifo rhs" "'$WORK/bad/fifob/b_0.mtx' is a fifo, not a regular file" timeout 20 "${B[@]}" --systems "$WORK/bad/fifob/A_*.mtx" "${O[@]}"
expect_error "fifo among matches" "'$WORK/bad/fifoa/A_1.mtx' is a fifo, not a regular file (matched by" timeout 20 "${B[@]}" --systems "$WORK/bad/fifoa/A_*.mtx" "${O[@]}"
expect_error "fifo in a directory" "system_0.petsc' is a fifo, not a regular file (in the systems directory" timeout 20 "${B[@]}" --systems "$WORK/bad/fifodir" "${O[@]}"
expect_error "device --systems" "'/dev/zero' is a device, not a regular file" timeout 20 "${B[@]}" --systems /dev/zero "${O[@]}"
[ -e "$WORK/x.h5" ] || [ -e "$WORK/x.h5.partial" ] && fail "a failed run left an output behind"

# export-systems never mixes an old set into a new one.
X=("$SKR_GEN" export-systems --problem darcy --grid 4)
"${X[@]}" --samples 4 --seed 5 --out "$WORK/st" >/dev/null || fail "export 4 systems"
touch "$WORK/st/notes.txt"
expect_error "export over an old set" "--out: directory '$WORK/st' already holds system files" "${X[@]}" --samples 2 --seed 0 --out "$WORK/st"
[ -e "$WORK/st/A_3.mtx" ] || fail "a refused export removed files"
"${X[@]}" --samples 2 --seed 0 --out "$WORK/st" --overwrite >/dev/null || fail "export --overwrite"
[ "$(cd "$WORK/st" && echo *)" = "A_0.mtx A_1.mtx b_0.mtx b_1.mtx notes.txt" ] || fail "export --overwrite left: $(ls "$WORK/st")"
"${X[@]}" --samples 2 --seed 0 --out "$WORK/st" --overwrite --format petsc >/dev/null || fail "export --overwrite petsc"
[ "$(cd "$WORK/st" && echo *)" = "notes.txt system_0.petsc system_1.petsc" ] || fail "export petsc left: $(ls "$WORK/st")"
"$SKR_GEN" solve -q --systems "$WORK/st" --out "$WORK/st.h5" | grep -q "wrote $WORK/st.h5: 2 systems" || fail "solve after --overwrite"
expect_error "huge --samples" "--samples: 1000000000000 is outside [1, 100000000]" L "${X[@]}" --samples 1000000000000 --out "$WORK/big"
[ -e "$WORK/big" ] && fail "a refused export created its directory"
finish
