#!/bin/bash
# Does class-balanced sampling help X-SDD at the protocol's 128x128? A teacher only
# (no time for its student), started from the shipped X-SDD student (same split and seed).
cd /work/exp
export STRIP_STEEL_BUILD_DIR=/work/exp/target-run
R=/work/main/runs
D=../shared/datasets/x-sdd
while pgrep -f "pipeline-2026-12-04-1809.sh" >/dev/null; do sleep 10; done
name=xsdd128-sarsn34-balanced-crop0.6
echo "== $(date -u +%H:%M:%S) train $name"
bin/strip-steel train --arch sarsn34 --loss adaptive --protocol x-sdd --data $D --init /work/main/models/x-sdd --sampler balanced --min-crop 0.6 --epochs 20 --size 128 --batch 32 --lr 0.005 --out $R/$name
echo "== exit $?"
bin/strip-steel evaluate --model $R/$name --data $D --split val --batch 1 --out $R/$name/eval-val-b1
echo "== $(date -u +%H:%M:%S) done"
