"""Writes a model package's ResNet34 student as TorchScript archives, for the network study in
docs/PERFORMANCE.md (an optional tool: the plug-in and the CLI never need Python).

The package's weights file (SSDW format, see model/WeightsFile.java) is read in file order and
copied into torchvision's resnet34 with a 1-channel 7x7 stem; the batch-norm statistics travel
with it (torch's own folding happens in torch.jit.freeze). Writes, into OUT_DIR:
  traced.pt      torch.jit.trace of the eval-mode network (input 1x1x200x200)
  frozen.pt      torch.jit.freeze of it (batch norm folded, constants inlined)
  frozen_opt.pt  torch.jit.optimize_for_inference of the frozen module (oneDNN convolutions); its
                 oneDNN weight constants are not serialised, so torch.jit.load fails on it
                 ("required keyword attribute 'value' is undefined"), in torch 1.13 itself too
  reference.npy  when OUT_DIR holds reference-input.npy: eager torch's softmax probabilities for it
Usage: /usr/bin/python3 docs/bench/export_torchscript.py MODEL_DIR OUT_DIR [--size 200]
"""
import glob, os, struct, sys
import numpy as np
import torch, torch.nn as nn, torchvision


def read_weights(path):
    """name -> float32 array, in file order (Java DataOutputStream header, little-endian data)."""
    data = open(path, 'rb').read()
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    magic, version, count = struct.unpack('>iii', take(12))
    if magic != 0x53534457 or version != 1:
        sys.exit(path + ': not an SSDW version-1 weights file')
    out = {}
    for _ in range(count):
        name = take(struct.unpack('>H', take(2))[0]).decode()
        kind = take(struct.unpack('>H', take(2))[0]).decode()
        dims = struct.unpack('>i', take(4))[0]
        shape = struct.unpack('>%dq' % dims, take(8 * dims))
        raw = take(struct.unpack('>i', take(4))[0])
        out[name] = np.frombuffer(raw, {'FLOAT16': '<f2', 'FLOAT32': '<f4'}[kind]).astype(np.float32).reshape(shape)
    return out


def student(stored, classes):
    net = torchvision.models.resnet34(weights=None, num_classes=classes)
    net.conv1 = nn.Conv2d(1, 64, kernel_size=7, stride=2, padding=3, bias=False)
    targets = [(k, v) for k, v in net.state_dict().items() if not k.endswith('num_batches_tracked')]
    if len(targets) != len(stored):
        sys.exit('%d stored arrays, torchvision resnet34 has %d: not a ResNet34 package' % (len(stored), len(targets)))
    state = {}
    for (name, like), (stored_name, array) in zip(targets, stored.items()):
        if tuple(like.shape) != array.shape:
            sys.exit('%s %s does not fit %s %s' % (stored_name, array.shape, name, tuple(like.shape)))
        state[name] = torch.from_numpy(array.copy())
    net.load_state_dict(state, strict=False)
    return net.eval()


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    model_dir, out_dir = args[0], args[1]
    size = int(args[args.index('--size') + 1]) if '--size' in args else 200
    import json
    meta = json.load(open(os.path.join(model_dir, 'model.json')))
    if meta['architecture'] != 'resnet34':
        sys.exit('only resnet34 packages, not ' + meta['architecture'])
    files = glob.glob(os.path.join(model_dir, 'weights-*'))
    net = student(read_weights(files[0]), len(meta['classes']))
    os.makedirs(out_dir, exist_ok=True)
    x = torch.randn(1, 1, size, size)
    with torch.no_grad():
        traced = torch.jit.trace(net, x)
        torch.jit.save(traced, os.path.join(out_dir, 'traced.pt'))
        frozen = torch.jit.freeze(traced)
        torch.jit.save(frozen, os.path.join(out_dir, 'frozen.pt'))
        opt = torch.jit.optimize_for_inference(torch.jit.freeze(torch.jit.trace(net, x)))
        torch.jit.save(opt, os.path.join(out_dir, 'frozen_opt.pt'))
        ref = os.path.join(out_dir, 'reference-input.npy')
        if os.path.exists(ref):
            inp = torch.from_numpy(np.load(ref))
            p = torch.softmax(net(inp), 1)
            np.save(os.path.join(out_dir, 'reference.npy'), p.numpy())
            for name, m in [('traced', traced), ('frozen', frozen), ('frozen_opt', opt)]:
                print(name, 'max |p - eager| =', float((torch.softmax(m(inp), 1) - p).abs().max()))
    print('wrote', out_dir, 'torch', torch.__version__)


if __name__ == '__main__':
    main()
