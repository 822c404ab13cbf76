#!/bin/bash
# The lr 5e-5 CycleGAN neult-gan-inclusion-scratches-lr5e-5 (128x128, 6 epochs) continued for 8 epochs of decaying lr, its 100 samples, the NEU-LT teacher
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
run() { echo "== $(date -u +%H:%M:%S) $*"; bin/strip-steel "$@"; local rc=$?; echo "== $(date -u +%H:%M:%S) exit $rc"; }
while [ ! -f runs/neult128-sarsn34-gan200/eval-val-b1/metrics.json ]; do sleep 5; done
pkill -f pipeline-2026-12-03-2131.sh; pkill -f "StripSteelCli distill"; sleep 3
run cyclegan --data ../shared/datasets/neu-cls --protocol neu-lt --source inclusion --target scratches --out runs/neult-gan128-long --size 128 --crop 64 --ngf 32 --blocks 6 --epochs 6 --decay-epochs 8 --lr 0.00005 --diff-augment --device cpu --resume
run migrate --generator runs/neult-gan128-long --out runs/neult-migrated-gan128-long --count 100 --check models/neu-cls
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-gan128-long --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-gan128-long
run evaluate --model runs/neult128-sarsn34-gan128-long --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-gan128-long/eval-val-b1
