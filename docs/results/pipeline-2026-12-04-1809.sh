#!/bin/bash
# pipeline-2026-12-04-1746.sh stopped after its first run (80 epochs passed G-mean 0.90);
# evaluate it, distil the RKD student from it with the same sampling and crops at 80 epochs,
# then the two ablations at 80 epochs: no crops, and CE instead of the adaptive loss.
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
D=../shared/datasets/neu-cls
while pgrep -f "out $R/neult128-sarsn34-balanced-crop0.6-e80" >/dev/null; do sleep 10; done
echo "== exit (training of neult128-sarsn34-balanced-crop0.6-e80 ended $(date -u +%H:%M:%S))"
evaluate() { # run folder
  bin/strip-steel evaluate --model $1 --data $D --split val --batch 1 --out $1/eval-val-b1
  bin/strip-steel evaluate --model $1 --data $D --split val --batch 8 --tta dihedral8 --out $1/eval-val-tta8
}
run() { # name, extra args...
  name=$1; shift
  echo "== $(date -u +%H:%M:%S) train $name"
  bin/strip-steel train --arch sarsn34 --protocol neu-lt --data $D --size 128 --batch 32 --lr 0.02 --epochs 80 "$@" --out $R/$name
  echo "== exit $?"
  evaluate $R/$name
}
evaluate $R/neult128-sarsn34-balanced-crop0.6-e80
echo "== $(date -u +%H:%M:%S) distill neult128-rkd-balanced-crop0.6-e80"
bin/strip-steel distill --teacher $R/neult128-sarsn34-balanced-crop0.6-e80 --protocol neu-lt --data $D --sampler balanced --min-crop 0.6 --epochs 80 --size 128 --batch 32 --lr 0.005 --out $R/neult128-rkd-balanced-crop0.6-e80
echo "== exit $?"
evaluate $R/neult128-rkd-balanced-crop0.6-e80
run neult128-sarsn34-balanced-e80 --loss adaptive --sampler balanced
run neult128-sarsn34-ce-balanced-crop0.6-e80 --loss ce --sampler balanced --min-crop 0.6
echo "== $(date -u +%H:%M:%S) done"
