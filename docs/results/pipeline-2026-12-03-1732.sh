#!/bin/bash
# NEU-LT: teacher-as-stored check, X-SDD-initialised teacher with samples, student of the migration teacher, control (untranslated copies)
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
run() { echo "== $(date -u +%H:%M:%S) $*"; bin/strip-steel "$@"; echo "== $(date -u +%H:%M:%S) exit $?"; }
run evaluate --model runs/neult128-sarsn34-mig --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-mig/eval-val-b1
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-lr5e-5 --init models/x-sdd --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-mig-xinit
run evaluate --model runs/neult128-sarsn34-mig-xinit --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-mig-xinit/eval-val-b1
run distill --teacher runs/neult128-sarsn34-mig --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-lr5e-5 --epochs 30 --size 128 --batch 32 --lr 0.005 --out runs/neult128-rkd-mig
run evaluate --model runs/neult128-rkd-mig --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-rkd-mig/eval-val-b1
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-control-copies --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-copies
run evaluate --model runs/neult128-sarsn34-copies --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-copies/eval-val-b1
