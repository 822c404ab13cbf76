#!/bin/bash
# CycleGAN at 200x200 (22 epochs at lr 5e-5, leak-free Adam), its 100 samples, the NEU-LT teacher and its RKD student at 128
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
run() { echo "== $(date -u +%H:%M:%S) $*"; bin/strip-steel "$@"; local rc=$?; echo "== $(date -u +%H:%M:%S) exit $rc"; }
while pgrep -f "StripSteelCli cyclegan" >/dev/null; do sleep 10; done
run migrate --generator runs/neult-gan200 --out runs/neult-migrated-gan200 --count 100 --check models/neu-cls
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-gan200 --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-gan200
run evaluate --model runs/neult128-sarsn34-gan200 --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-gan200/eval-val-b1
run distill --teacher runs/neult128-sarsn34-gan200 --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-gan200 --epochs 30 --size 128 --batch 32 --lr 0.005 --out runs/neult128-rkd-gan200
run evaluate --model runs/neult128-rkd-gan200 --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-rkd-gan200/eval-val-b1
