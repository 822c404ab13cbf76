#!/bin/bash
# NEU-LT teachers with class-balanced sampling: longer schedule, no-crop ablation, repeat
# of pipeline-2026-12-04-1106.sh's best command (run-to-run spread); then the RKD student of the best teacher.
# Runs from a worktree of commit c63d055 so that edits in /work/main do not rebuild under it.
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
D=../shared/datasets/neu-cls
run() { # name, extra args...
  name=$1; shift
  echo "== $(date -u +%H:%M:%S) train $name"
  bin/strip-steel train --arch sarsn34 --loss adaptive --protocol neu-lt --data $D --size 128 --batch 32 --lr 0.02 "$@" --out $R/$name
  echo "== exit $?"
  bin/strip-steel evaluate --model $R/$name --data $D --split val --batch 1 --out $R/$name/eval-val-b1
  bin/strip-steel evaluate --model $R/$name --data $D --split val --batch 8 --tta dihedral8 --out $R/$name/eval-val-tta8
}
run neult128-sarsn34-balanced-crop0.6-e80 --sampler balanced --min-crop 0.6 --epochs 80
run neult128-sarsn34-balanced --sampler balanced --epochs 40
run neult128-sarsn34-balanced-crop0.6-r2 --sampler balanced --min-crop 0.6 --epochs 40
echo "== $(date -u +%H:%M:%S) done"
