#!/bin/bash
# The X-SDD "surface scratch" -> NEU-LT scratches CycleGAN on code with both fixes (GraphScalars, NarrowConv2d), all 12 epochs; its 100 samples; the NEU-LT teacher
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
run() { echo "== $(date -u +%H:%M:%S) $*"; bin/strip-steel "$@"; local rc=$?; echo "== $(date -u +%H:%M:%S) exit $rc"; return $rc; }
run cyclegan --data ../shared/datasets/neu-cls --protocol neu-lt --source-data ../shared/datasets/x-sdd --source "surface scratch" --target scratches --out runs/neult-gan-xsdd --size 128 --crop 64 --ngf 32 --blocks 6 --epochs 8 --decay-epochs 4 --lr 0.00005 --diff-augment --device cpu || exit 1
run migrate --generator runs/neult-gan-xsdd --out runs/neult-migrated-xsdd --count 100 --check models/neu-cls || exit 1
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-xsdd --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-xsdd || exit 1
run evaluate --model runs/neult128-sarsn34-xsdd --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-xsdd/eval-val-b1
run evaluate --model runs/neult128-sarsn34-xsdd --data ../shared/datasets/neu-cls --split val --batch 8 --tta dihedral8 --out runs/neult128-sarsn34-xsdd/eval-val-tta8
