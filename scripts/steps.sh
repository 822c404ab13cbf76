# steps.sh: sourced by the training scripts. One function, run_step, that runs a resumable
# `bin/strip-steel train|distill` step:
#   run_step OUT COMMAND OPTIONS...   (OPTIONS without --out; run_step adds --out OUT)
# - OUT holds a finished run (checkpoints/latest.json at the epoch count of train-config.json and
#   a model.json): skipped, so that re-running a script does not train again nor rewrite the package;
# - OUT holds an interrupted run (train-config.json): continued with --resume from its last
#   complete epoch (the run refuses settings other than the checkpoint's, except epochs and lr);
# - otherwise: started.
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

run_step() {
  local out=$1 cmd=$2; shift 2
  local epochs="" prev=""
  for a in "$@"; do
    [ "$prev" = "--epochs" ] && epochs=$a
    prev=$a
  done
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
