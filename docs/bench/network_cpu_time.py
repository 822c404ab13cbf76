"""The peer's side of the load-independent network comparison in docs/PERFORMANCE.md: CPU time per
image of Debian's PyTorch 1.13 on the ResNet34 of torch_bench.py (1-channel stem, 1x200x200, random
weights), with ONE intra-op thread so that all the work runs on the calling thread and
time.thread_time() counts it whatever else the machine runs. Modes: eager (inference_mode) and
traced + frozen + optimize_for_inference. Ours: `bench model` with -Dai.djl.pytorch.num_threads=1,
column cpu_ms/img.
Usage: /usr/bin/python3 docs/bench/network_cpu_time.py [--batch 1,32] [--repeat 5] [--rounds 2]
"""
import sys, time
import torch, torch.nn as nn, torchvision

args = sys.argv[1:]
opt = lambda k, d: args[args.index(k) + 1] if k in args else d
batches = [int(b) for b in opt('--batch', '1,32').split(',')]
repeat, rounds = int(opt('--repeat', '5')), int(opt('--rounds', '2'))
torch.set_num_threads(1)
torch.set_num_interop_threads(1)
m = torchvision.models.resnet34(weights=None, num_classes=6)
m.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
m.eval()
for bs in batches:
    x = torch.randn(bs, 1, 200, 200)
    with torch.no_grad():
        frozen = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(m, x)))
    with torch.inference_mode():
        for f in (m, frozen):
            for _ in range(3):
                f(x)
        for r in range(rounds):
            row = []
            for name, f in (('eager', m), ('frozen_opt', frozen)):
                t = []
                for _ in range(repeat):
                    t0 = time.thread_time()
                    f(x)
                    t.append(time.thread_time() - t0)
                t.sort()
                row.append('%s %.2f' % (name, t[len(t) // 2] * 1e3 / bs))
            print('batch %d round %d: %s cpu ms/image (torch %s, 1 thread)' % (bs, r, '  '.join(row), torch.__version__), flush=True)
