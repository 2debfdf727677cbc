#!/usr/bin/env bash
# Bad input: one clear line on stderr, a non-zero exit, and no output file
# that looks complete.
source "$(dirname "$0")/lib.sh"
G=("$SKR_GEN" generate --samples 2 --grid 8 -q)

expect_error "unknown command" "unknown command" "$SKR_GEN" frobnicate
expect_error "unknown problem" "unknown problem 'nope'" "${G[@]}" --problem nope --out "$WORK/x.h5"
expect_error "zero samples" "--samples" "$SKR_GEN" generate --samples 0 --out "$WORK/x.h5"
expect_error "negative samples" "--samples" "$SKR_GEN" generate --samples -3 --out "$WORK/x.h5"
expect_error "unparsable samples" "--samples: 'abc' is not an integer" "$SKR_GEN" generate --samples abc --out "$WORK/x.h5"
expect_error "ICC on a non-symmetric family" "--pc icc: needs symmetric systems, and advdiff's are not" "$SKR_GEN" generate --problem advdiff --solver gmres --pc icc --samples 2 --out "$WORK/x.h5"
expect_error "grid too small" "--grid: 2 cells" "$SKR_GEN" generate --samples 2 --grid 2 --out "$WORK/x.h5"
expect_error "unparsable grid" "--grid: '8y8'" "$SKR_GEN" generate --samples 2 --grid 8y8 --out "$WORK/x.h5"
expect_error "NaN parameter" "--alpha" "${G[@]}" --alpha nan --out "$WORK/x.h5"
expect_error "unparsable rtol" "--rtol" "${G[@]}" --rtol 1e-8x --out "$WORK/x.h5"
expect_error "bad warm start" "--warm-start: 'maybe' is not auto, true or false" "${G[@]}" --warm-start maybe --out "$WORK/x.h5"
expect_error "bad precision" "--precision" "${G[@]}" --precision half --out "$WORK/x.h5"
expect_error "unknown flag" "unrecognised option '--bogus'" "${G[@]}" --bogus 1 --out "$WORK/x.h5"
expect_error "unknown KSP" "--solver" "${G[@]}" --solver nosuchksp --out "$WORK/x.h5"
expect_error "unwritable path" "cannot write output" "${G[@]}" --out /nonexistent/dir/x.h5
mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
if [ "$(id -u)" -ne 0 ]; then # root ignores directory permissions
  expect_error "read-only directory" "cannot write output" "${G[@]}" --out "$WORK/ro/x.h5"
fi
touch "$WORK/exists.h5"
expect_error "existing output" "already exists" "${G[@]}" --out "$WORK/exists.h5"
printf 'samples = 2\nbogus_key = 1\n' >"$WORK/bad.ini"
expect_error "config unknown key" "bogus_key" "${G[@]}" --config "$WORK/bad.ini" --out "$WORK/x.h5"
printf 'samples 2\n' >"$WORK/syntax.ini"
expect_error "config bad syntax" "config file" "${G[@]}" --config "$WORK/syntax.ini" --out "$WORK/x.h5"
expect_error "missing config" "--config" "${G[@]}" --config "$WORK/none.ini" --out "$WORK/x.h5"
expect_error "empty output name" "--out: empty file name" "${G[@]}" --out ""
expect_error "config is a directory" "is a directory, not a regular file" "${G[@]}" --config "$WORK" --out "$WORK/x.h5"
mkfifo "$WORK/fifo"
expect_error "config is a fifo (opening it would block)" "is a fifo, not a regular file" "${G[@]}" --config "$WORK/fifo" --out "$WORK/x.h5"
expect_error "stray argument" "unexpected argument 'stray.h5'" "${G[@]}" stray.h5
expect_error "empty preset name" "--preset: '' is not a preset name" "${G[@]}" --preset "" --out "$WORK/x.h5"
expect_error "preset path" "--preset: '../x' is not a preset name" "${G[@]}" --preset ../x --out "$WORK/x.h5"
mkdir -p "$WORK/presets/dir.ini"
SKR_PRESET_DIR="$WORK/presets" expect_error "preset is a directory" "is a directory, not a regular file" "${G[@]}" --preset dir --out "$WORK/x.h5"
SKR_PRESET_DIR="$WORK/nowhere" expect_error "missing preset directory" "(SKR_PRESET_DIR)" "$SKR_GEN" problems --presets
expect_error "absurd sample count" "--samples: 1000000000000 is outside [1, 100000000]" "$SKR_GEN" bench --samples 1000000000000 --grid 8 -q
expect_error "bench output is a fifo" "--csv: '$WORK/fifo' is a fifo" "$SKR_GEN" bench --samples 2 --grid 8 --methods gmres --csv "$WORK/fifo" -q
expect_error "bench json directory missing" "--json: directory '/nonexistent' does not exist" "$SKR_GEN" bench --samples 2 --grid 8 --methods gmres --json /nonexistent/b.json -q
expect_error "bench csv = json" "name the same file" "$SKR_GEN" bench --samples 2 --grid 8 --methods gmres --csv "$WORK/b" --json "$WORK/b" -q
expect_error "bench beyond memory" "of memory per rank here" "$SKR_GEN" bench --samples 100000 --grid 512 --methods gmres -q
expect_error "preview into a fifo" "--out: '$WORK/fifo' is a fifo" "$SKR_GEN" preview --samples 2 --grid 16 --out "$WORK/fifo"
expect_error "preview over a dataset" "does not end in .png" "$SKR_GEN" preview --samples 2 --grid 16 --out "$WORK/data.h5"
expect_error "validate a fifo" "is a fifo, not a regular file" "$SKR_GEN" validate "$WORK/fifo"
head -c 300 "$SKR_GEN" >"$WORK/binary.ini" # a binary file as config: no raw bytes on the terminal
expect_error "binary config" "config file" "${G[@]}" --config "$WORK/binary.ini" --out "$WORK/x.h5"
LC_ALL=C grep -q '[^[:print:]]' "$WORK/err" && fail "raw bytes in the error line: $(od -c "$WORK/err" | head -3)"
expect_error "grid with a trailing x" "--grid: '16x'" "$SKR_GEN" generate --samples 2 --grid 16x --out "$WORK/x.h5"
expect_error "grid beyond 32-bit indices" "more than this build can index" "$SKR_GEN" generate --samples 2 --grid 20000 --out "$WORK/x.h5"
# Needs ~150 GB: refused at once instead of filling the node for minutes.
expect_error "grid beyond memory" "of memory per rank here" "$SKR_GEN" generate --samples 100 --grid 9000 -q --out "$WORK/x.h5"
expect_error "absurd thread count" "--threads: 100000 is outside [0, 1024]" "${G[@]}" --threads 100000 --out "$WORK/x.h5"
expect_error "unknown PC with auto" "--pc: 'nonsense' is not a PETSc preconditioner" "${G[@]}" --pc nonsense --out "$WORK/x.h5"
expect_error "-inf as a value, not a PETSc option" "--source: '-inf' is not a finite number" "${G[@]}" --source -inf --out "$WORK/x.h5"
expect_error "--petsc without an option" "--petsc: 'garbage' is not a PETSc option" "${G[@]}" --petsc=garbage --out "$WORK/x.h5"
expect_error "PETSc's own message" "KSPGCRODR restart must be >= 1, got 0" "${G[@]}" --solver gcrodr -ksp_gcrodr_restart 0 --out "$WORK/x.h5"
expect_error "NaN PETSc tolerance" "tolerances rtol nan" "${G[@]}" --solver gmres -ksp_rtol nan --out "$WORK/x.h5"
expect_error "negative PETSc max_it" "max_it -3" "${G[@]}" --solver gmres -ksp_max_it -3 --out "$WORK/x.h5"
expect_error "bench with nothing to run" "no method and preconditioner" "$SKR_GEN" bench --problem helmholtz --samples 2 --grid 8 --methods cg -q
# Names past NAME_MAX (255): refused up front naming the option and the limit,
# counting the temporary OUT.partial of outputs renamed into place.
long=$(printf 'a%.0s' {1..250})
expect_error "generate: name too long for OUT.partial" "--out: file name 'aaaaaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaa.h5' is 253 bytes long; at most 247 fit" "${G[@]}" --out "$WORK/$long.h5"
expect_error "generate --layout: the native file's name" "aaa.h5.native.h5' is 263 bytes long; at most 247 fit" "${G[@]}" --layout neuralop --out "$WORK/$long.h5"
expect_error "solve: name too long for OUT.partial" "--out: file name" "$SKR_GEN" solve --systems "$WORK/fifo" --out "$WORK/$long.h5"
expect_error "preview: name too long" "--out: file name 'aaaaaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaa.png' is 256 bytes long, over the file system's limit of 255 bytes" "$SKR_GEN" preview --samples 2 --grid 16 --out "$WORK/${long}aa.png"
expect_error "sort --out: name too long" "--out: file name" "$SKR_GEN" sort --in "$WORK/none.h5" --out "$WORK/${long}aaaaaa"
expect_error "bench --csv: name too long" "--csv: file name" "$SKR_GEN" bench --samples 2 --grid 8 --methods gmres --csv "$WORK/${long}aaaaaa" -q
expect_error "export-systems --out: name too long" "--out: file name" "$SKR_GEN" export-systems --samples 1 --grid 8 --out "$WORK/${long}aaaaaa"
ls "$WORK" | grep -q aaaa && fail "a refused long name left output behind"
[ -e "$WORK/x.h5" ] && fail "an output file was created by a failed run"

# --petsc "-pc_type jacobi" (a separate word starting with '-') is --petsc's value.
"$SKR_GEN" generate --samples 2 --grid 8 --solver gmres --petsc "-pc_type jacobi" -q --out "$WORK/petsc_value.h5" \
  >"$WORK/out" 2>"$WORK/warn" || fail "--petsc with a separate value failed: $(cat "$WORK/warn")"
[ -s "$WORK/warn" ] && fail "--petsc with a separate value warned: $(cat "$WORK/warn")"
grep -q "solver gmres + jacobi" "$WORK/out" || fail "--petsc value not applied: $(cat "$WORK/out")"

# A bad solver is found after the output is opened: no file, no leftover checkpoint.
expect_error "unknown KSP type" "'nope' is not a PETSc KSP type" \
  "$SKR_GEN" generate --samples 2 --grid 8 --solver nope --out "$WORK/nope.h5"
[ ! -e "$WORK/nope.h5" ] && [ ! -e "$WORK/nope.h5.partial" ] || fail "a failed run left output behind"

# --recycle is GCRO-DR's: GMRES with a short restart is not refused for it.
"${G[@]}" --solver gmres --restart 2 --out "$WORK/restart2.h5" >/dev/null 2>"$WORK/warn" ||
  fail "gmres --restart 2 refused: $(cat "$WORK/warn")"

# An unknown PETSc option is not an error, but it is reported.
"$SKR_GEN" generate --samples 2 --grid 8 -q --out "$WORK/petsc.h5" -ksp_bogus_option 3 >/dev/null 2>"$WORK/warn" ||
  fail "unknown PETSc option made the run fail"
grep -q "warning: PETSc option -ksp_bogus_option was not used" "$WORK/warn" || fail "no warning: $(cat "$WORK/warn")"
finish
