#!/usr/bin/env bash
# method-parts.sh: each part of the method measured by K-fold cross-validation on NEU-LT at
# 128x128, every configuration at the same protocol, recipe and folds, so that two rows differ in
# one part only and each figure comes with its spread over the folds.
#
#   scripts/method-parts.sh             # DATA, RUNS, K, SEED, EPOCHS, ...: see below
#
# Recipe of every step (docs/RESULTS.md, "Class sampling, crops and schedule": the NEU-LT recipe
# that reached its target): class-balanced sampling, random crops of 0.6..1 of the side, 80 epochs,
# 128x128, batch 32, the last epoch packaged (--keep last) as a moving average of the weights
# (--ema 0.998); teachers at lr 0.02, students at lr 0.005. The configurations, in this order (the
# most informative first; each completes its K folds before the next starts), under
# RUNS/method-parts/:
#   1. sarsn34-adaptive         SARSN-34 teacher, adaptive loss: the method's teacher
#   2. rkd-of-sarsn34           RKD ResNet34 student of 1: the method's student
#   3. resnet34-adaptive        plain ResNet34, adaptive loss: the plain teacher against 1, and the
#                               student's network without a teacher against 2
#   4. sarsn34-ce               1 with cross-entropy: the adaptive loss against cross-entropy
#   5. kd-of-sarsn34            plain KD student of 1 (logits only): RKD against plain KD
#   6. rkd-of-resnet34          RKD student of 3: SARSN against a plain ResNet as the teacher
#   7. sarsn34-adaptive-cyclegan  1 with COUNT CycleGAN samples of TARGET translated from SOURCE:
#      per fold, a generator (gan/fold-I) trained on the training part of fold I only
#      (cyclegan --folds K --fold I; the stable generator of docs/RESULTS.md "CycleGAN samples":
#      128x128, crops 64, ngf 32, 6 blocks, lr 5e-5, DiffAugment, 6 epochs), its samples
#      (samples/fold-I), then the teacher of fold I with --migrated samples/fold-I.
# A student is distilled from the teacher of its own fold (scripts/cv.sh, {fold}).
#
# Protocol: NEU-LT (docs/METHOD.md §1) under K-fold cross-validation: stratified seeded folds of
# NEU (LabelledImageFolder.stratifiedFold); fold I validates, the other folds train, capped per
# class as NEU-LT caps its training split (200, 100, 50, 25, 12, 6). The adaptive loss reads the
# validation recalls of its fold after every epoch (docs/METHOD.md §3), so the figures of the
# configurations with that loss are development figures; nothing is chosen on them (--keep last,
# the recipe fixed beforehand). At the end, one block prints each configuration's folds and their
# mean ± std (`bin/strip-steel cv-summary`).
#
# Wall time (2-core machine, no GPU, K = 3): a fold trains on 353 images (two thirds of NEU leave
# 160 crazing images under its cap of 200; the other caps apply as they are) and validates on
# 479-480, twice an epoch (the weight average and the trained weights). Measured: a teacher's fold
# takes about 41 min (28-36 s an epoch; sarsn34-adaptive, docs/RESULTS.md "Method parts"), so a
# teacher configuration takes 2 hours. Estimated from it: a student's fold about 46 min (the teacher's
# forward pass added), the CycleGAN teacher's about 49 min (100 samples more), the generator about
# 18 min (6 epochs), migrate about 1 min. A fold: 3 x 41 + 49 + 3 x 46 + 18 + 1 = 329 min, about
# 5.5 h; K = 3: about 16.5 hours (K = 5: 27).
# K = 3 is the default for that cost; its spread is over 3 folds.
#
# Resumable: run it again after an interruption; finished steps are kept, an interrupted step
# continues from its last complete epoch (scripts/steps.sh).
#
# In parts: PARTS names the configurations to run (in the order above, whatever the order given);
# a student's teacher configuration runs with it, kept when its folds are finished, and the closing
# block covers the configurations of the call. FOLDS (e.g. FOLDS=0) runs some folds only, and a
# student's fold needs just its teacher's fold. So a machine that is free for shorter spells runs
#   PARTS=sarsn34-ce scripts/method-parts.sh                 # one teacher configuration, 2 hours
#   PARTS=rkd-of-sarsn34 FOLDS=0 scripts/method-parts.sh     # teacher and student of fold 0,
#                                                            # about 41 + 46 minutes
#
# Environment (defaults in brackets): DATA [../shared/datasets/neu-cls], RUNS [runs], K [3],
# PARTS [all seven], FOLDS [all K],
# SEED [42], EPOCHS [80], SIZE [128], BATCH [32], PROTOCOL [neu-lt], and for the CycleGAN:
# SOURCE [inclusion], TARGET [scratches], GAN_EPOCHS [6], GAN_SIZE [SIZE], GAN_CROP [64],
# GAN_NGF [32], GAN_BLOCKS [6], COUNT [100] (samples a fold). Smaller EPOCHS, SIZE, a smaller
# generator and a folder of a few images (PROTOCOL custom, GAN_SIZE and GAN_CROP 32) check the
# script end to end in minutes.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/steps.sh"
here=$steps_here
DATA=${DATA:-$here/../shared/datasets/neu-cls}
RUNS=${RUNS:-$here/runs}
K=${K:-3}; SEED=${SEED:-42}; EPOCHS=${EPOCHS:-80}; SIZE=${SIZE:-128}; BATCH=${BATCH:-32}
PROTOCOL=${PROTOCOL:-neu-lt}
SOURCE=${SOURCE:-inclusion}; TARGET=${TARGET:-scratches}; GAN_EPOCHS=${GAN_EPOCHS:-6}
GAN_SIZE=${GAN_SIZE:-$SIZE}; GAN_CROP=${GAN_CROP:-64}; GAN_NGF=${GAN_NGF:-32}
GAN_BLOCKS=${GAN_BLOCKS:-6}; COUNT=${COUNT:-100}
export SEED STRIP_STEEL
out=$RUNS/method-parts
script=scripts/$(basename "$0")
commit=$(provenance_commit)
common=(--protocol "$PROTOCOL" --data "$DATA" --sampler balanced --min-crop 0.6 --epochs "$EPOCHS"
  --size "$SIZE" --batch "$BATCH" --keep last --ema 0.998 --provenance-script "$script"
  --provenance-commit "$commit")
cv() { "$here/scripts/cv.sh" "$K" "$@"; } # cv.sh adds --folds K --fold I --seed SEED

configs=(sarsn34-adaptive rkd-of-sarsn34 resnet34-adaptive sarsn34-ce kd-of-sarsn34 rkd-of-resnet34
  sarsn34-adaptive-cyclegan)
PARTS=${PARTS:-${configs[*]}}
declare -A selected=()
for part in $PARTS; do
  [[ " ${configs[*]} " == *" $part "* ]] || {
    echo "method-parts.sh: PARTS names '$part', which is none of: ${configs[*]}" >&2; exit 2; }
  selected[$part]=1
done
# a student is distilled from its teacher's folds, which run with it
declare -A teacher=([rkd-of-sarsn34]=sarsn34-adaptive [kd-of-sarsn34]=sarsn34-adaptive
  [rkd-of-resnet34]=resnet34-adaptive)
for part in "${!selected[@]}"; do
  [ -z "${teacher[$part]:-}" ] || selected[${teacher[$part]}]=1
done
part() { [ -n "${selected[$1]:-}" ]; }
fold_list=$(selected_folds "$K") || exit 2
export FOLDS

teacher_step() { # teacher_step NAME OPTIONS...: a teacher configuration's folds, when selected
  local name=$1; shift
  part "$name" || return 0
  cv "$out/$name" train --lr 0.02 "$@" "${common[@]}"
}
student_step() { # student_step NAME OPTIONS...: a student configuration's folds, when selected
  local name=$1; shift
  part "$name" || return 0
  cv "$out/$name" distill --teacher "$out/${teacher[$name]}/fold-{fold}" --lr 0.005 "$@" \
    "${common[@]}"
}

teacher_step sarsn34-adaptive --arch sarsn34 --loss adaptive
student_step rkd-of-sarsn34
teacher_step resnet34-adaptive --arch resnet34 --loss adaptive
teacher_step sarsn34-ce --arch sarsn34 --loss ce
student_step kd-of-sarsn34 --kd-only
student_step rkd-of-resnet34
if part sarsn34-adaptive-cyclegan; then
  for i in $fold_list; do
    run_gan_step "$out/gan/fold-$i" --data "$DATA" --protocol "$PROTOCOL" --source "$SOURCE" \
      --target "$TARGET" --folds "$K" --fold "$i" --seed "$SEED" --size "$GAN_SIZE" \
      --crop "$GAN_CROP" --ngf "$GAN_NGF" --blocks "$GAN_BLOCKS" --epochs "$GAN_EPOCHS" \
      --decay-epochs 0 --lr 0.00005 --diff-augment --device cpu
    run_migrate_step "$out/gan/fold-$i" "$out/samples/fold-$i" "$COUNT"
  done
  teacher_step sarsn34-adaptive-cyclegan --arch sarsn34 --loss adaptive \
    --migrated "$out/samples/fold-{fold}"
fi

echo
echo "== Method parts: $K-fold cross-validation, protocol $PROTOCOL, ${SIZE}x$SIZE," \
  "$EPOCHS epochs, seed $SEED =="
for config in "${configs[@]}"; do
  part "$config" || continue
  folds=()
  for i in $fold_list; do folds+=("$out/$config/fold-$i"); done
  echo
  echo "-- $config ($out/$config)"
  fold_summary "${folds[@]}"
done
