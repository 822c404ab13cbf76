#!/bin/bash
# Transfer without NEU in the lineage: a ResNet34 trained from scratch on X-SDD only, then the NEU-LT teacher and student start from it
cd /work/main
export STRIP_STEEL_BUILD_DIR=target-run
run() { echo "== $(date -u +%H:%M:%S) $*"; bin/strip-steel "$@"; echo "== $(date -u +%H:%M:%S) exit $?"; }
run train --arch resnet34 --loss ce --protocol x-sdd --data ../shared/datasets/x-sdd --epochs 20 --size 128 --batch 32 --lr 0.02 --out runs/xsdd128-resnet34-scratch
run train --arch sarsn34 --loss adaptive --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-lr5e-5 --init runs/xsdd128-resnet34-scratch --epochs 40 --size 128 --batch 32 --lr 0.02 --out runs/neult128-sarsn34-mig-xpre
run evaluate --model runs/neult128-sarsn34-mig-xpre --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-sarsn34-mig-xpre/eval-val-b1
run distill --teacher runs/neult128-sarsn34-mig-xpre --protocol neu-lt --data ../shared/datasets/neu-cls --migrated runs/neult-migrated-lr5e-5 --init runs/xsdd128-resnet34-scratch --epochs 30 --size 128 --batch 32 --lr 0.005 --out runs/neult128-rkd-mig-xpre
run evaluate --model runs/neult128-rkd-mig-xpre --data ../shared/datasets/neu-cls --split val --batch 1 --out runs/neult128-rkd-mig-xpre/eval-val-b1
