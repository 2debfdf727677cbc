# Shared helpers for the end-to-end CLI tests (sourced, not run).
# CTest sets SKR_GEN (the built binary), SKR_SOURCE_DIR and PYTHON3.
set -euo pipefail
: "${SKR_GEN:?SKR_GEN must point to the skr-gen binary}"
PYTHON3=${PYTHON3:-/usr/bin/python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# --solver auto remembers its choices under the user's cache directory: each
# test gets its own, so no test sees what another (or the user) left there.
export XDG_CACHE_HOME="$WORK/cache"
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect_error "description" "expected text in stderr" command...
# The command must exit non-zero with exactly one line on stderr containing the text.
expect_error() {
  local what=$1 text=$2
  shift 2
  local status=0
  "$@" >"$WORK/out" 2>"$WORK/err" || status=$?
  if [ "$status" -eq 0 ]; then fail "$what: exit 0"; return; fi
  if [ "$status" -gt 128 ]; then fail "$what: crashed (status $status)"; return; fi
  if [ "$(wc -l <"$WORK/err")" -ne 1 ]; then fail "$what: expected one line on stderr, got:"; cat "$WORK/err" >&2; return; fi
  if ! grep -qF -- "$text" "$WORK/err"; then fail "$what: stderr lacks '$text': $(cat "$WORK/err")"; return; fi
  echo "ok: $what -> $(cat "$WORK/err")"
}

finish() {
  if [ "$failures" -ne 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
