#!/bin/bash
# NEU-LT teachers with class-balanced sampling and random crops (no synthetic samples);
# same command as docs/results/repro-neult128-sarsn34.sh (the neult128-sarsn34 recipe) plus --sampler / --min-crop.
# Runs from a worktree of commit 3cc6cb8 so that edits in /work/main do not rebuild under it.
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
for v in "sqrt 0.6" "balanced 0.6" "uniform 0.6"; do
  set -- $v
  name=neult128-sarsn34-$1-crop$2
  echo "== $(date -u +%H:%M:%S) train $name"
  bin/strip-steel train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --sampler $1 --min-crop $2 --epochs 40 --size 128 --batch 32 --lr 0.02 --out $R/$name
  echo "== exit $?"
  bin/strip-steel evaluate --model $R/$name --data ../shared/datasets/neu-cls --split val --batch 1 --out $R/$name/eval-val-b1
  bin/strip-steel evaluate --model $R/$name --data ../shared/datasets/neu-cls --split val --batch 8 --tta dihedral8 --out $R/$name/eval-val-tta8
done
echo "== $(date -u +%H:%M:%S) done"
