#!/usr/bin/env bash
# Fault injection: a full disk during generate, convert, merge and
# export-systems. Each fails with one clear line and a non-zero exit, never a
# crash, and leaves nothing complete-looking under a final name. Needs a
# small tmpfs (root, as in CI); exits 77 (CTest: skipped) where mounting fails.
source "$(dirname "$0")/lib.sh"
mnt="$WORK/full"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=200k tmpfs "$mnt" 2>/dev/null; then
  echo "SKIPPED: cannot mount a small tmpfs here (needs root)"
  exit 77
fi
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
remount() { umount "$mnt" && mount -t tmpfs -o "size=$1" tmpfs "$mnt"; }
# 200 kB: the first checkpoint batch does not fit.
expect_error "disk full during checkpoint" "disk full" "$SKR_GEN" generate --samples 50 --grid 64 --out "$mnt/a.h5" -q
[ -e "$mnt/a.h5" ] && fail "a complete-looking file exists after a full disk"
# 1.2 MB: batches fit, the assembled file does not.
remount 1200k
expect_error "disk full before assembly" "not enough disk space" "$SKR_GEN" generate --samples 50 --grid 64 --out "$mnt/b.h5" -q
[ -e "$mnt/b.h5" ] && fail "a complete-looking file exists after a full disk"

# convert and merge: inputs on a roomy disk, outputs on a 200 kB one.
"$SKR_GEN" generate --samples 40 --grid 48 --seed 1 --out "$WORK/s1.h5" -q >/dev/null
"$SKR_GEN" generate --samples 40 --grid 48 --seed 2 --out "$WORK/s2.h5" -q >/dev/null
remount 200k
for layout in native pdebench; do
  expect_error "disk full during convert --layout $layout" "disk full" \
    "$SKR_GEN" convert --in "$WORK/s1.h5" --out "$mnt/c.hdf5" --layout "$layout" --compression none
  [ -e "$mnt/c.hdf5" ] && fail "convert --layout $layout left an output after a full disk"
done
expect_error "disk full during merge" "disk full" \
  "$SKR_GEN" merge "$WORK/s1.h5" "$WORK/s2.h5" --out "$mnt/m.h5" --compression none
[ -e "$mnt/m.h5" ] && fail "merge left an output after a full disk"

# export-systems: the first few systems fit, then the disk fills; every file
# under its final name is whole (equal to the same export on a roomy disk).
"$SKR_GEN" export-systems --grid 16 --samples 12 --out "$WORK/sys" >/dev/null
expect_error "disk full during export-systems" "disk full" \
  "$SKR_GEN" export-systems --grid 16 --samples 12 --out "$mnt/sys"
written=0
for f in "$mnt"/sys/*.mtx; do
  [ -e "$f" ] || continue
  written=$((written + 1))
  cmp -s "$f" "$WORK/sys/$(basename "$f")" || fail "export-systems left a truncated $(basename "$f")"
done
echo "export-systems: $written whole files before the disk filled"
[ -n "$(ls -A "$mnt/sys" | grep -v '\.mtx$')" ] && fail "temporary files left: $(ls -A "$mnt/sys")"
finish
