#!/bin/bash
# The 80-epoch NEU-LT teacher command run a second time, unchanged (run-to-run spread)
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
D=../shared/datasets/neu-cls
name=neult128-sarsn34-balanced-crop0.6-e80-r2
echo "== $(date -u +%H:%M:%S) train $name"
bin/strip-steel train --arch sarsn34 --loss adaptive --protocol neu-lt --data $D --sampler balanced --min-crop 0.6 --epochs 80 --size 128 --batch 32 --lr 0.02 --out $R/$name
echo "== exit $?"
bin/strip-steel evaluate --model $R/$name --data $D --split val --batch 1 --out $R/$name/eval-val-b1
echo "== $(date -u +%H:%M:%S) done"
