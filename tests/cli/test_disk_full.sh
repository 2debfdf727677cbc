#!/usr/bin/env bash
# A full disk: generate fails with one clear line and a non-zero exit, never a
# crash, and leaves no complete-looking output. Needs a small tmpfs (root).
source "$(dirname "$0")/lib.sh"
mnt="$WORK/full"
mkdir -p "$mnt"
if ! mount -t tmpfs -o size=200k tmpfs "$mnt" 2>/dev/null; then
  echo "SKIPPED: cannot mount a small tmpfs here (needs root)"
  exit 0
fi
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
# 200 kB: the first checkpoint batch does not fit.
expect_error "disk full during checkpoint" "disk full" "$SKR_GEN" generate --samples 50 --grid 64 --out "$mnt/a.h5" -q
[ -e "$mnt/a.h5" ] && fail "a complete-looking file exists after a full disk"
umount "$mnt"
# 1.2 MB: batches fit, the assembled file does not.
mount -t tmpfs -o size=1200k tmpfs "$mnt"
expect_error "disk full before assembly" "not enough disk space" "$SKR_GEN" generate --samples 50 --grid 64 --out "$mnt/b.h5" -q
[ -e "$mnt/b.h5" ] && fail "a complete-looking file exists after a full disk"
finish
