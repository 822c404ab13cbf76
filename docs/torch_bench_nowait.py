"""The ResNet34 figures of shared/bench/torch_bench.py that docs/PERFORMANCE.md compares with, without
waiting for an idle machine (perfutil.bench(idle=False)), so that they can be taken in the same minute
as `strip-steel bench model` / `bench train` on a shared host. Same model (torchvision ResNet34 with a
1-channel 7x7 stem, 6 classes), input 1x200x200, 2 intra-op threads, 1 inter-op thread, modes eager
(inference_mode), traced, traced+frozen+optimize_for_inference; SGD(lr=0.01, momentum=0.9) step.
Usage: /usr/bin/python3 docs/torch_bench_nowait.py out.json [--batch 1,32] [--no-train] [--repeat N]
(SHARED_DIR defaults to ../shared)"""
import os, sys, json
sys.path.insert(0, os.path.join(os.environ.get('SHARED_DIR', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared')), 'bench'))
import torch, torch.nn as nn, torchvision
from perfutil import bench

torch.manual_seed(0)
torch.set_num_threads(2)
torch.set_num_interop_threads(1)
args = sys.argv[1:]
out = args[0] if args and not args[0].startswith('--') else 'torch_bench_nowait.json'
batches = [int(b) for b in args[args.index('--batch') + 1].split(',')] if '--batch' in args else [1, 32]
repeat = int(args[args.index('--repeat') + 1]) if '--repeat' in args else 5
train = '--no-train' not in args

def make():
    m = torchvision.models.resnet34(weights=None, num_classes=6)
    m.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    return m

results = dict(torch=torch.__version__, env={k: v for k, v in os.environ.items() if k.startswith(('MALLOC_', 'LD_PRELOAD', 'OMP_'))},
               threads=torch.get_num_threads(), inference=[], training=[])
m = make().eval()
for bs in batches:
    x = torch.randn(bs, 1, 200, 200)
    for mode in ['eager', 'traced', 'frozen_opt']:
        if mode == 'eager':
            fm = m
        else:
            with torch.no_grad():
                fm = torch.jit.trace(m, x)
            if mode == 'frozen_opt':
                fm = torch.jit.optimize_for_inference(torch.jit.freeze(fm))
        def f():
            with torch.inference_mode():
                return fm(x)
        for _ in range(3): f()
        r = bench(f, reps=repeat if bs > 1 else 3 * repeat, inner=1, warmup=1, idle=False, max_foreign=1e9)
        row = dict(mode=mode, batch=bs, ms_per_image_median=r['median'] * 1e3 / bs, ms_per_image_min=r['min'] * 1e3 / bs,
                   ms_per_image_max=r['max'] * 1e3 / bs, images_per_second_median=bs / r['median'], foreign_cores=r['foreign_cores'])
        results['inference'].append(row)
        print(json.dumps(row), flush=True)
if train:
    bs = 32
    m = make().train()
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    lossf = nn.CrossEntropyLoss()
    x = torch.randn(bs, 1, 200, 200); y = torch.randint(0, 6, (bs,))
    def step():
        opt.zero_grad(set_to_none=True)
        lossf(m(x), y).backward()
        opt.step()
    step(); step()
    r = bench(step, reps=repeat, inner=1, warmup=1, idle=False, max_foreign=1e9)
    row = dict(arch='resnet34', batch=bs, seconds_per_step_median=r['median'], images_per_second_median=bs / r['median'],
               foreign_cores=r['foreign_cores'])
    results['training'].append(row)
    print(json.dumps(row), flush=True)
with open(out, 'w') as fh:
    json.dump(results, fh, indent=1)
