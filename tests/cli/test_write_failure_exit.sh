#!/usr/bin/env bash
# A write that fails half-way (disk full, simulated by a file-size limit) ends
# convert and merge with the error's status and one line, not a segfault in
# HDF5's exit-time clean-up (issue #22, item 7).
source "$(dirname "$0")/lib.sh"
for seed in 1 2; do
  "$SKR_GEN" generate --problem darcy --samples 20 --grid 24 --seed $seed --precision double --solver cg \
    --pc icc -q --out "$WORK/in$seed.h5" >/dev/null
done
# Writes beyond 40 KiB fail with EFBIG (SIGXFSZ ignored), like a full disk.
limited() { (trap '' XFSZ; ulimit -f 40; "$@"); }
expect_error "convert on a full disk" "cannot flush" limited "$SKR_GEN" convert --in "$WORK/in1.h5" --compression none --out "$WORK/c.h5"
expect_error "merge on a full disk" "cannot flush" limited "$SKR_GEN" merge "$WORK/in1.h5" "$WORK/in2.h5" --out "$WORK/m.h5"
[ ! -e "$WORK/c.h5.partial" ] && [ ! -e "$WORK/m.h5.partial" ] || fail "a partial file was left behind"
finish
