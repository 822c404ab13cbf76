#!/usr/bin/env bash
# cv.sh: K-fold cross-validation of one training recipe on the development set.
#
#   scripts/cv.sh K OUT train|distill OPTIONS...
#
# Runs `bin/strip-steel train|distill OPTIONS --folds K --fold I --seed S --out OUT/fold-I` for
# I = 0..K-1 (stratified folds, seeded: LabelledImageFolder.stratifiedFold; fold I validates, the
# others train), then prints each fold's best-epoch validation figures and their mean ± standard
# deviation (`bin/strip-steel cv-summary`). `{fold}` in OPTIONS is replaced by I, so that a student
# is distilled from the teacher of its own fold (distill refuses a teacher of another split):
#
#   scripts/cv.sh 5 runs/cv-neu-teacher train --arch sarsn34 --loss adaptive --protocol neu \
#     --data ../shared/datasets/neu-cls --epochs 40 --size 200 --lr 0.01
#   scripts/cv.sh 5 runs/cv-neu-student distill --teacher runs/cv-neu-teacher/fold-{fold} \
#     --protocol neu --data ../shared/datasets/neu-cls --epochs 40 --size 200 --lr 0.01
#
# Re-running the same command resumes (scripts/steps.sh): finished folds are kept, an interrupted
# one continues from its checkpoint. SEED (environment, default 42) seeds the folds and the
# training. FOLDS (environment) runs some folds only, e.g. FOLDS=0, for a machine free for shorter
# spells; the summary then covers those and says the cross-validation is incomplete. A recipe
# decision compares the mean ± std of two complete runs, never one fold's figure.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/steps.sh"
k=$1; out=$2; cmd=$3; shift 3
case "$cmd" in train|distill) ;; *) echo "cv.sh: the recipe is 'train' or 'distill', not '$cmd'" >&2; exit 2;; esac
case "$k" in ''|*[!0-9]*) echo "cv.sh: K must be a number of folds (at least 2), not '$k'" >&2; exit 2;; esac
[ "$k" -ge 2 ] || { echo "cv.sh: K must be at least 2" >&2; exit 2; }
seed=${SEED:-42}
selected=$(selected_folds "$k") || exit 2
mkdir -p "$out"
folds=()
for i in $selected; do
  args=()
  for a in "$@"; do args+=("${a//\{fold\}/$i}"); done
  run_step "$out/fold-$i" "$cmd" "${args[@]}" --folds "$k" --fold "$i" --seed "$seed"
  folds+=("$out/fold-$i")
done
fold_summary "${folds[@]}"
