"""Writes resnet34-onednn.pt: a TorchScript program without weights that runs a batch-norm-folded
ResNet34 (1-channel 7x7 stem, any class count) on oneDNN with weights reordered once into oneDNN's
blocked layout (what torch.jit.optimize_for_inference does, kept in the program because a frozen,
optimised module cannot be saved: its oneDNN constants are not serialised). The network study of
docs/PERFORMANCE.md loads it in DJL; this tool is optional, nothing at run time needs Python.

forward(x, weights=None) -> (logits, embedding). The first call passes `weights`: for every
convolution in torchvision's order (stem; per basic block conv1, conv2, then the 1x1 shortcut if
any) its folded weight and bias, then the head's weight and bias. They are reordered and kept;
later calls pass x only. A batch of more than 16 images runs in passes of 16 (see forward); the
activations stay in oneDNN's layout from the stem to the pooling, with ReLU and the residual
addition in place.
With --bf16 the weights and activations are bfloat16 (the convolutions then use the CPU's bfloat16
instructions where it has them); the embedding and the logits stay float32.
Usage: /usr/bin/python3 docs/bench/resnet34_onednn.py OUT.pt [--bf16]
"""
import sys
from typing import List, Optional, Tuple
import torch


class ResNet34OneDnn(torch.nn.Module):
    strides: List[int]
    downs: List[bool]
    chunk: int
    bf16: bool
    w: List[torch.Tensor]
    b: List[torch.Tensor]

    def __init__(self, bf16: bool = False):
        super().__init__()
        self.bf16 = bf16
        strides, downs = [], []
        for stage, blocks in enumerate([3, 4, 6, 3]):
            for b in range(blocks):
                strides.append(2 if stage > 0 and b == 0 else 1)
                downs.append(stage > 0 and b == 0)
        self.strides = strides
        self.downs = downs
        self.chunk = 16  # images per pass of the network (see forward)
        self.w = []
        self.b = []
        self.fc_w = torch.zeros(0)
        self.fc_b = torch.zeros(0)
        self.ready = False

    def pack(self, weights: List[torch.Tensor]):
        convs = (len(weights) - 2) // 2
        if convs != 1 + 2 * len(self.strides) + 3:
            raise RuntimeError('expected the weights and biases of 36 convolutions and the head, got ' + str(len(weights)) + ' tensors')
        w: List[torch.Tensor] = []
        b: List[torch.Tensor] = []
        stride: List[int] = [2]
        pad: List[int] = [3]
        for blk in range(len(self.strides)):
            stride += [self.strides[blk], 1]
            pad += [1, 1]
            if self.downs[blk]:
                stride.append(self.strides[blk])
                pad.append(0)
        for i in range(convs):
            k = weights[2 * i].contiguous()
            bias = weights[2 * i + 1].contiguous()
            if self.bf16:
                k = k.to(torch.bfloat16)
                bias = bias.to(torch.bfloat16)
            w.append(torch.ops.aten.mkldnn_reorder_conv2d_weight(k.to_mkldnn(), [pad[i], pad[i]], [stride[i], stride[i]], [1, 1], 1))
            b.append(bias)
        self.w = w
        self.b = b
        self.fc_w = weights[-2].contiguous()
        self.fc_b = weights[-1].contiguous()
        self.ready = True

    def conv(self, i: int, x: torch.Tensor, stride: int, pad: int) -> torch.Tensor:
        return torch.mkldnn_convolution(x, self.w[i], self.b[i], [pad, pad], [stride, stride], [1, 1], 1)

    def run(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        # relu_ and add_ in place, as the peer's optimize_for_inference graph does: no fresh oneDNN
        # tensor (and no pass writing one) per activation
        x = x.contiguous()
        if self.bf16:
            x = x.to(torch.bfloat16)
        y = torch.relu_(self.conv(0, x.to_mkldnn(), 2, 3))
        y = torch.max_pool2d(y, [3, 3], [2, 2], [1, 1])
        i = 1
        for blk in range(len(self.strides)):
            s = self.strides[blk]
            h = self.conv(i + 1, torch.relu_(self.conv(i, y, s, 1)), 1, 1)
            i += 2
            if self.downs[blk]:
                y = self.conv(i, y, s, 0)
                i += 1
            y = torch.relu_(h.add_(y))
        e = torch.flatten(torch.nn.functional.adaptive_avg_pool2d(y, [1, 1]).to_dense(), 1).float()
        return torch.nn.functional.linear(e, self.fc_w, self.fc_b), e

    def forward(self, x: torch.Tensor, weights: Optional[List[torch.Tensor]] = None) -> Tuple[torch.Tensor, torch.Tensor]:
        if weights is not None:
            self.pack(weights)
        if not self.ready:
            raise RuntimeError('no weights: the first call passes them')
        if x.size(0) <= self.chunk:
            return self.run(x)
        # larger batches in passes of self.chunk images: the stem's output for 16 200x200 images (41 MB)
        # stays below the 64 MB that glibc's per-thread arenas serve without mmap, so it is not
        # mapped and page-faulted in again at every batch (at 32 images it is 82 MB)
        logits: List[torch.Tensor] = []
        embeddings: List[torch.Tensor] = []
        for part in torch.split(x, self.chunk):
            lg, e = self.run(part)
            logits.append(lg)
            embeddings.append(e)
        return torch.cat(logits), torch.cat(embeddings)

if __name__ == '__main__':
    if len(sys.argv) not in (2, 3) or (len(sys.argv) == 3 and sys.argv[2] != '--bf16'):
        sys.exit(__doc__)
    torch.jit.script(ResNet34OneDnn(len(sys.argv) == 3)).save(sys.argv[1])
    print('wrote', sys.argv[1], 'with torch', torch.__version__)
