#!/bin/bash
# Is classifier training on this machine like before? neult128-sarsn34's command again (no samples), compared epoch by epoch with docs/results/neult128-sarsn34/log.csv
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
bin/strip-steel train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/repro-neult128-sarsn34
