#!/usr/bin/env bash
# Proves skr-gen installs like a tool (issue #30), from an existing build:
#   tests/install/check_install.sh [BUILD_DIR]      (root: it installs the .deb)
# 1. cmake --install into a temporary prefix; with the build folder and the
#    source presets moved away and a clean environment, the prefix's skr-gen
#    runs generate and problems, and the Python loader reads the result;
# 2. every man page renders with man -l;
# 3. cpack -G DEB, apt-get install ./skr-gen_*.deb, the README's main job
#    from PATH, --version against the package version;
# 4. a PETSc program outside the tree links the installed libskr-ksp (and one
#    built against PETSc alone loads it with -dll_append) and solves a
#    sequence with -ksp_type gcrodr.
# The package is removed and everything moved is put back on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
SRC=$PWD
BUILD=$(cd "${1:-build}" && pwd)
[ "$(id -u)" -eq 0 ] || { echo "check_install: needs root (apt-get install); skipped"; exit 77; }
export DEBIAN_FRONTEND=noninteractive OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
T=$(mktemp -d)
P=$T/prefix
step() { echo "check_install: $*"; }
restore() {
  [ -d "$T/build" ] && mv "$T/build" "$BUILD"
  [ -d "$T/presets" ] && mv "$T/presets" "$SRC/problems/presets"
  dpkg-query -W skr-gen >/dev/null 2>&1 && apt-get purge -y -qq skr-gen >/dev/null
  rm -rf "$T"
}
trap restore EXIT
# A clean environment: no PATH entries of ours, no SKR_* variables.
clean() { env -i PATH=/usr/bin:/bin HOME="$T" OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "$@"; }

step "cmake --install --prefix $P"
cmake --install "$BUILD" --prefix "$P" >/dev/null
(cd "$BUILD" && cpack -G DEB >/dev/null)
cp "$BUILD"/skr-gen_*.deb "$T/"
(cd "$P" && find . -type f -o -type l | sort) | tee "$T/tree" | sed 's/^/  /'
for f in bin/skr-gen share/skr-gen/presets/darcy.ini share/bash-completion/completions/skr-gen \
  share/man/man1/skr-gen-generate.1 share/skr-gen/slurm/generate.sbatch share/skr-gen/python/train_example.py \
  lib/libskr-ksp.so include/skr-ksp/skr_ksp.h lib/pkgconfig/skr-ksp.pc; do
  grep -qx "./$f" "$T/tree" || { echo "FAIL: $f not installed" >&2; exit 1; }
done

step "the prefix's skr-gen without the build folder and the source presets"
mv "$BUILD" "$T/build"
mv "$SRC/problems/presets" "$T/presets"
cd "$T"
clean "$P/bin/skr-gen" --version
# (Outputs are captured first: grep -q on a pipe would SIGPIPE the writer.)
grep -q darcy <<<"$(clean "$P/bin/skr-gen" problems)"
grep -q fno_darcy <<<"$(clean "$P/bin/skr-gen" problems --presets)"
# Under strace where there is one: not even a failed attempt to open a file
# of the source tree.
trace=()
command -v strace >/dev/null && trace=(strace -f -qq -e trace=%file -o "$T/strace")
clean "${trace[@]}" "$P/bin/skr-gen" generate --preset darcy --samples 6 --grid 16 -q --out "$T/d.h5"
if [ ${#trace[@]} -gt 0 ] && grep -F "\"$SRC/" "$T/strace"; then
  echo "FAIL: the installed skr-gen opened files of the source tree $SRC" >&2
  exit 1
fi
loader=$(dirname "$(find "$P/lib" -name skr_dataset.py)")
clean PYTHONPATH="$loader" /usr/bin/python3 -c "import skr_dataset as s; assert len(s.SkrDataset('$T/d.h5')) == 6"

step "man -l renders every page"
pages=0
for page in "$P"/share/man/man1/*.1; do
  clean MANWIDTH=80 man -l "$page" >"$T/man.out" 2>"$T/man.err"
  if ! grep -q "^NAME" "$T/man.out" || [ -s "$T/man.err" ]; then
    echo "FAIL: man -l $page" >&2
    cat "$T/man.err" >&2
    exit 1
  fi
  pages=$((pages + 1))
done
commands=$(clean "$P/bin/skr-gen" --help | sed -n '/^commands:/,/^$/p' | grep -c '^  ')
[ "$pages" -eq $((commands + 1)) ] || { echo "FAIL: $pages man pages for $commands commands" >&2; exit 1; }

step "apt-get install ./$(basename "$T"/skr-gen_*.deb)"
dpkg-deb -f "$T"/skr-gen_*.deb Version Depends
apt-get install -y -qq ./skr-gen_*.deb >/dev/null
version=$(dpkg-query -W -f '${Version}' skr-gen)
installed=$(clean skr-gen --version)
step "package $version: $(command -v skr-gen): $installed"
grep -q "^skr-gen $version (" <<<"$installed" || { echo "FAIL: --version is not $version" >&2; exit 1; }
clean skr-gen generate --problem darcy --samples 200 --grid 64 --out darcy.h5 -q
clean /usr/bin/python3 -c "import skr_dataset as s; assert len(s.SkrDataset('$T/darcy.h5')) == 200"
clean man -w skr-gen-generate >/dev/null

step "a PETSc program outside the tree with the installed libskr-ksp"
cp "$SRC/tests/install/ksp_sequence.c" .
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
cc -o linked ksp_sequence.c $(pkg-config --cflags --libs skr-ksp)
# shellcheck disable=SC2046
cc -DPETSC_ONLY -o plain ksp_sequence.c $(pkg-config --cflags --libs PETSc mpi-c)
check_sequence() { # LABEL COMMAND...: every system solved by gcrodr, the later ones in fewer iterations
  local label=$1 out
  shift
  out=$("$@")
  echo "$out"
  awk '$3 != "gcrodr," { bad = 1 } NR == 1 { first = $4 } NR > 1 && $4 >= first { bad = 1 }
    END { exit bad || NR != 5 }' <<<"$out" || { echo "FAIL: $label" >&2; exit 1; }
}
check_sequence linked clean ./linked
check_sequence -dll_append clean ./plain -dll_append "$(pkg-config --variable=libdir skr-ksp)/libskr-ksp.so" \
  -ksp_type gcrodr -ksp_gcrodr_recycle 10
step "ok"
