"""Markdown rows for docs/RESULTS.md from training runs and their evaluations.

Usage: python3 docs/results/results_rows.py RUN_DIR...
Each RUN_DIR holds a model package (model.json), its log.csv, and eval-val-b1/metrics.json written by
  bin/strip-steel evaluate --model RUN_DIR --data DATA --split val --batch 1 --out RUN_DIR/eval-val-b1
Figures: validation metrics of the weights as stored (float16) from the evaluation; float32
accuracy at the chosen epoch from model.json; ms/image at batch 1 end to end; training wall time
as the sum of the epoch times in log.csv.
"""
import csv, json, os, sys

PARAMS = {('resnet34', 6): 21281478, ('sarsn34', 6): 22234966}
FC_PER_CLASS = 513  # one more class: 512 weights + 1 bias


def params(arch, classes):
    base = PARAMS[(arch, 6)]
    return base + (classes - 6) * FC_PER_CLASS


def row(run):
    model = json.load(open(os.path.join(run, 'model.json')))
    ev = json.load(open(os.path.join(run, 'eval-val-b1', 'metrics.json')))
    classes = model['classes']
    support = {c: ev['per_class'][c]['support'] for c in classes}
    train_caps = model['training'].get('max_train_per_class')
    if train_caps:  # rarest class in training
        rare = classes[min(range(len(classes)), key=lambda i: train_caps[i])]
    elif len(set(support.values())) > 1:
        rare = min(classes, key=lambda c: support[c])
    else:  # balanced: the class with the lowest recall
        rare = min(classes, key=lambda c: ev['per_class'][c]['recall'])
    with open(os.path.join(run, 'log.csv')) as f:
        seconds = sum(float(r['seconds']) for r in csv.DictReader(f))
    epochs = model['training']['epochs']
    t = model['training']
    return ('| `{run}` | {method} | {acc:.4f} ({acc32:.4f}) | {f1:.4f} | {g:.4f} | {rare} {rr:.3f} | {p:,} | {ms:.1f} | {ep} epochs, {mins:.0f} min |'
            .format(run=os.path.basename(os.path.normpath(run)), method=t['method'] + ' / ' + t['loss'],
                    acc=ev['accuracy'], acc32=model['metrics']['accuracy'], f1=ev['macro_f1'], g=ev['gmean'],
                    rare=rare, rr=ev['per_class'][rare]['recall'], p=params(model['architecture'], len(classes)),
                    ms=ev['ms_per_image'], ep=epochs, mins=seconds / 60))


print('| run | method / loss | accuracy as stored (float32 at chosen epoch) | macro-F1 | G-mean | rarest class recall | parameters | ms/image batch 1 | training |')
print('|---|---|---|---|---|---|---|---|---|')
for r in sys.argv[1:]:
    print(row(r))
