#!/bin/bash
# RKD student of the balanced-sampling teacher, same sampling and crops
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
echo "== $(date -u +%H:%M:%S) distill neult128-rkd-balanced-crop0.6"
bin/strip-steel distill --teacher $R/neult128-sarsn34-balanced-crop0.6 --protocol neu-lt --data ../shared/datasets/neu-cls --sampler balanced --min-crop 0.6 --epochs 30 --size 128 --batch 32 --lr 0.005 --out $R/neult128-rkd-balanced-crop0.6
echo "== exit $?"
bin/strip-steel evaluate --model $R/neult128-rkd-balanced-crop0.6 --data ../shared/datasets/neu-cls --split val --batch 1 --out $R/neult128-rkd-balanced-crop0.6/eval-val-b1
bin/strip-steel evaluate --model $R/neult128-rkd-balanced-crop0.6 --data ../shared/datasets/neu-cls --split val --batch 8 --tta dihedral8 --out $R/neult128-rkd-balanced-crop0.6/eval-val-tta8
echo "== $(date -u +%H:%M:%S) done"
