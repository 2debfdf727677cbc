#!/usr/bin/env bash
# Errors and signals while MPI and PETSc start (issue #22, item 8): one line
# of skr-gen's, never PETSc's traceback or Open MPI's "Broken pipe" noise.
source "$(dirname "$0")/lib.sh"
G=("$SKR_GEN" generate --samples 2 --grid 8 -q --out "$WORK/x.h5")

expect_error "missing -options_file" "-options_file: '/nonexistent' is not a readable file" "${G[@]}" -options_file /nonexistent
expect_error "-options_file without a name" "-options_file: missing file name" "${G[@]}" -options_file

# SIGTERM / SIGINT at several moments of the start-up (a signal before main
# kills silently; during MPI_Init it used to leave orted's noise behind).
"$PYTHON3" - "${G[@]}" <<'PY' || fail "signal during start-up"
import signal, subprocess, sys, time
ours = {signal.SIGTERM: 143, signal.SIGINT: 130}
for sig in ours:
    for delay in (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        p = subprocess.Popen(sys.argv[1:] + ["--overwrite"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE,
                             preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        time.sleep(delay)
        p.send_signal(sig)
        err = p.stderr.read().decode()
        p.wait()
        lines = err.splitlines()
        ok = not lines or (len(lines) == 1 and lines[0].startswith("skr-gen: interrupted by signal")
                           and p.returncode == ours[sig])
        ok = ok or (p.returncode == 0 and not lines)  # finished before the signal
        assert ok, (sig, delay, p.returncode, err)
print("ok: signals during start-up")
PY
# A plain run keeps no Open MPI session directory: concurrent isolated
# singletons shared one and removed it under each other (MPI_Init failed).
# With TMPDIR where no directory can be made, creating one fails at once.
TMPDIR=/proc "${G[@]}" --overwrite 2>"$WORK/err" ||
  fail "singleton without a writable TMPDIR: $(head -c 300 "$WORK/err")"
echo "ok: singleton starts without a session directory"
finish
