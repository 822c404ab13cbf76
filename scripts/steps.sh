# steps.sh: sourced by the training scripts. Functions that run resumable steps:
#   run_step OUT COMMAND OPTIONS...   (OPTIONS without --out; run_step adds --out OUT)
# runs `bin/strip-steel train|distill`:
# - OUT holds a finished run (checkpoints/latest.json at the epoch count of train-config.json and
#   a model.json): skipped, so that re-running a script does not train again nor rewrite the package;
# - OUT holds an interrupted run (train-config.json): continued with --resume from its last
#   complete epoch (the run refuses settings other than the checkpoint's, except epochs and lr);
# - otherwise: started.
#   run_gan_step OUT OPTIONS...       (give --epochs and --decay-epochs; adds --out OUT)
# the same for `bin/strip-steel cyclegan`: finished when cyclegan.json exists and the last complete
# checkpoint is at epochs + decay epochs, resumed when a checkpoint exists.
#   run_migrate_step GENERATOR OUT COUNT
# runs `bin/strip-steel migrate`, skipped when OUT holds the record of a finished migration of
# COUNT samples (migration-NAME.json, written last; an interrupted migration is run again and
# keeps the files it wrote).
#   selected_folds K
# prints the folds to run of a K-fold cross-validation, one a line: FOLDS (environment: fold
# numbers, e.g. "0" or "1 2"), or all K when FOLDS is empty; exits 2 on a number outside 0..K-1.
#   fold_summary FOLD_DIR...
# prints the folds' figures and their mean ± std (`cv-summary`); folds missing from the
# cross-validation fail it only when FOLDS did not ask for some of them.
# STRIP_STEEL (default: bin/strip-steel of this checkout) is the command that runs the steps.

steps_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRIP_STEEL=${STRIP_STEEL:-$steps_here/bin/strip-steel}

json_int() { # json_int FILE KEY: the first integer value of "KEY" in FILE, or nothing
  grep -o "\"$2\": *[0-9]*" "$1" 2>/dev/null | head -n 1 | grep -o '[0-9]*$' || true
}

step_done() { # step_done OUT EPOCHS: true when OUT holds a finished run of EPOCHS epochs
  local out=$1 epochs=$2
  [ -f "$out/model.json" ] && [ -f "$out/checkpoints/latest.json" ] &&
    [ "$(json_int "$out/checkpoints/latest.json" epoch)" = "$epochs" ]
}

option_value() { # option_value NAME ARGS...: the value given to option NAME in ARGS, or nothing
  local name=$1 prev="" a value=""; shift
  for a in "$@"; do
    [ "$prev" = "$name" ] && value=$a
    prev=$a
  done
  echo "$value"
}

run_step() {
  local out=$1 cmd=$2; shift 2
  local epochs
  epochs=$(option_value --epochs "$@")
  [ -n "$epochs" ] || { echo "run_step: give --epochs to $cmd ($out)" >&2; return 2; }
  if step_done "$out" "$epochs"; then
    echo "step $cmd -> $out: done ($epochs epochs), kept" >&2
    return 0
  fi
  local resume=()
  [ -f "$out/train-config.json" ] && resume=(--resume)
  echo "step $cmd -> $out${resume:+ (resuming)}" >&2
  "$STRIP_STEEL" "$cmd" "$@" --out "$out" "${resume[@]}"
}

run_gan_step() {
  local out=$1; shift
  local epochs decay
  epochs=$(option_value --epochs "$@")
  decay=$(option_value --decay-epochs "$@")
  [ -n "$epochs" ] && [ -n "$decay" ] ||
    { echo "run_gan_step: give --epochs and --decay-epochs to cyclegan ($out)" >&2; return 2; }
  local total=$((epochs + decay))
  if [ -f "$out/cyclegan.json" ] &&
    [ "$(json_int "$out/checkpoints/latest.json" epoch)" = "$total" ]; then
    echo "step cyclegan -> $out: done ($total epochs), kept" >&2
    return 0
  fi
  local resume=()
  [ -f "$out/checkpoints/latest.json" ] && resume=(--resume)
  echo "step cyclegan -> $out${resume:+ (resuming)}" >&2
  "$STRIP_STEEL" cyclegan "$@" --out "$out" "${resume[@]}"
}

run_migrate_step() {
  local generator=$1 out=$2 count=$3 record
  for record in "$out"/migration-*.json; do
    if [ -f "$record" ] && [ "$(json_int "$record" requested)" = "$count" ]; then
      echo "step migrate -> $out: done ($count samples), kept" >&2
      return 0
    fi
  done
  echo "step migrate -> $out" >&2
  "$STRIP_STEEL" migrate --generator "$generator" --out "$out" --count "$count"
}

provenance_commit() { # the checkout's commit, "-dirty" when tracked files differ from it
  local c
  c=$(git -C "$steps_here" rev-parse HEAD 2>/dev/null) || { echo "unknown"; return; }
  [ -z "$(git -C "$steps_here" status --porcelain --untracked-files=no 2>/dev/null)" ] || c="$c-dirty"
  echo "$c"
}

write_package() { # write_package RUN PACKAGE: the package files of a finished run, copied
  local run=$1 package=$2
  mkdir -p "$package"
  local weights
  weights=$(grep -o '"file": *"weights-[^"]*"' "$run/model.json" | grep -o 'weights-[^"]*')
  rm -f "$package"/weights-*
  cp "$run/model.json" "$run/$weights" "$run/log.csv" "$run/train-config.json" "$package/"
  [ ! -f "$run/curves.png" ] || cp "$run/curves.png" "$package/"
  echo "package: $package" >&2
}

selected_folds() {
  local k=$1 i
  if [ -z "${FOLDS:-}" ]; then
    for ((i = 0; i < k; i++)); do echo "$i"; done
    return 0
  fi
  for i in $FOLDS; do
    case "$i" in ''|*[!0-9]*) i=-1;; esac
    [ "$i" -ge 0 ] && [ "$i" -lt "$k" ] ||
      { echo "FOLDS names a fold outside 0..$((k - 1)): '$FOLDS'" >&2; return 2; }
  done
  for ((i = 0; i < k; i++)); do [[ " $FOLDS " == *" $i "* ]] && echo "$i"; done
  return 0
}

fold_summary() {
  # cv-summary exits 1 when folds are missing: expected when FOLDS asks for some
  "$STRIP_STEEL" cv-summary "$@" || { [ $? = 1 ] && [ -n "${FOLDS:-}" ]; }
}
