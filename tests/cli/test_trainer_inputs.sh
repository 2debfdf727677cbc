#!/usr/bin/env bash
# Every family x trainer layout (pdebench, fno, neuralop, well): the exports
# are read the way each trainer reads them, hold every native input by value
# in the input tensor, only finite numbers, and train one step of a small
# model to a finite loss (tests/cli/check_trainers.py, one Python process).
# Layouts that cannot hold a family refuse it with one line naming what would
# be lost. Exit 77 (skipped) without python3-torch.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# family | options: tiny grids (thermal's smallest), inputs of every kind
cases=(
  "darcy|--grid 16"
  "darcy3d|--grid 8"
  "helmholtz|--grid 16 --k-min 2 --k-max 6 --source grf"
  "poisson|--grid 16 --degree 2"
  "advdiff|--grid 16"
  "thermal|--grid 20 --kappa lognormal"
)
families=()
for entry in "${cases[@]}"; do
  IFS='|' read -r family options <<<"$entry"
  families+=("$family")
  # shellcheck disable=SC2086
  "$SKR_GEN" generate --problem "$family" $options --samples 8 --solver gmres --pc lu --sort none \
    -q --out "$family.h5" >/dev/null || fail "generate $family"
  for layout in fno:"$family.mat" neuralop:"${family}_nl.h5"; do
    "$SKR_GEN" convert --in "$family.h5" --layout "${layout%%:*}" --out "${layout#*:}" >/dev/null ||
      fail "convert $family to ${layout%%:*}"
  done
  "$SKR_GEN" convert --in "$family.h5" --layout well --out "${family}_well" \
    --split train=0.5,valid=0.25,test=0.25 >/dev/null || fail "convert $family to well"
done

# PDEBench's Darcy reader takes one input channel (nu) of a 2-D field.
"$SKR_GEN" convert --in darcy.h5 --layout pdebench --out darcy.hdf5 >/dev/null || fail "pdebench darcy"
expect_error "pdebench darcy3d" "the pdebench layout holds 2-D fields" \
  "$SKR_GEN" convert --in darcy3d.h5 --layout pdebench --out darcy3d.hdf5
expect_error "pdebench helmholtz" "helmholtz's trainer input has 3 channels (coeff, source, wavenumber) but PDEBench's Darcy reader takes one (nu), so source, wavenumber would be lost; --layout fno, neuralop or well keep them all" \
  "$SKR_GEN" convert --in helmholtz.h5 --layout pdebench --out helmholtz.hdf5
expect_error "pdebench poisson" "so source would be lost" \
  "$SKR_GEN" convert --in poisson.h5 --layout pdebench --out poisson.hdf5
expect_error "pdebench advdiff" "so velocity_x, velocity_y would be lost" \
  "$SKR_GEN" convert --in advdiff.h5 --layout pdebench --out advdiff.hdf5
expect_error "pdebench thermal" "so kappa, mask would be lost" \
  "$SKR_GEN" convert --in thermal.h5 --layout pdebench --out thermal.hdf5
# generate refuses before it solves anything.
expect_error "generate pdebench thermal" "thermal's trainer input has 2 channels" \
  "$SKR_GEN" generate --problem thermal --grid 20 --samples 2 --layout pdebench --out g.hdf5
[ ! -e g.hdf5.native.h5 ] || fail "generate solved before refusing the layout"
# The Well reads a folder, and its statistics come from the train part.
expect_error "well file name" "for the well layout OUT is the dataset folder" \
  "$SKR_GEN" convert --in darcy.h5 --layout well --out w.hdf5
expect_error "well folder's parent" "directory '$WORK/missing' does not exist" \
  "$SKR_GEN" convert --in darcy.h5 --layout well --out "$WORK/missing/w"
expect_error "well without train" "needs a part named train" \
  "$SKR_GEN" convert --in darcy.h5 --layout well --out w2 --split a=0.5,b=0.5

status=0
"$PYTHON3" "$SKR_SOURCE_DIR/tests/cli/check_trainers.py" "${families[@]}" || status=$?
[ "$status" -eq 77 ] && { finish; exit 77; }
[ "$status" -eq 0 ] || fail "check_trainers.py"
finish
