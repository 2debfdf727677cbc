#!/usr/bin/env bash
# Installs skr-gen's build and test dependencies from Debian 12 packages.
# Idempotent and non-interactive: packages already present are left alone.
set -euo pipefail
packages=(
  cmake make g++ pkg-config git
  petsc-dev libhdf5-openmpi-dev openmpi-bin zlib1g-dev
  libopenblas0-serial # optimized BLAS/LAPACK for PETSc and GCRO-DR's dense algebra (one thread per rank)
  libboost-program-options-dev libfmt-dev doctest-dev libfftw3-dev
  libcairo2-dev fonts-dejavu-core # preview figures: Cairo draws the text, DejaVu is the font fontconfig finds
  python3 python3-h5py python3-numpy
  python3-scipy # the FNO-scheme oracle (scripts/fno_scheme_compare.py, tests/cli/test_fno_scheme.sh)
  help2man man-db file dpkg-dev # man pages; cpack -G DEB (dpkg-shlibdeps)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install_deps: all ${#packages[@]} packages already installed"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
