#!/usr/bin/env python3
"""The Python PyTorch side of `rebnet bench train`.

Trains the network of the C++ trainer (sw/train) with the same batch, optimizer and thread
count and the same loop (sw/train/trainer.cpp, train_epoch), and prints one JSON line with
the timing of its training steps. Op for op the same graph as sw/train:

- first layer input: the pixel code's value (2 (p & mask) - offset) / 128 (network.cpp,
  pixel_values), reshaped to NCHW and back as NetworkImpl::forward and BlockImpl::forward do;
- dense layers without bias, weights sign(w) (sign(0) = +1) with the straight-through
  estimator [|w| <= 1], run as 1x1 convolutions (binary_layers.cpp), Glorot-uniform init;
- BatchNorm1d after every dense layer (eps 1e-5, momentum 0.1);
- the residual sign with M levels and learned scales, its forward and hand-written backward
  (exact scale gradients) as a torch.autograd.Function (residual_sign.cpp);
- cross-entropy with label smoothing, Adam with the trainer's per-epoch learning rate, then
  latent weights clipped to [-1, 1] and scales to >= 1e-3 after every step.

Only python3 and torch; the IDX files are read from --data (plain or .gz). Exits with 3 when
torch cannot be imported.
"""

import argparse
import gzip
import json
import math
import os
import platform
import struct
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:
    print(f"pytorch_train.py: cannot import torch ({error}): run scripts/bench_train.sh, "
          "which installs python3-torch", file=sys.stderr)
    sys.exit(3)


# ------------------------------------------------------------------------------ data

def idx_path(directory, kind):
    """train-{images-idx3,labels-idx1}-ubyte[.gz], also under the MNIST spelling."""
    for name in (f"train-{kind}-ubyte", f"train-{kind.replace('-', '.')}-ubyte"):
        for suffix in ("", ".gz"):
            path = os.path.join(directory, name + suffix)
            if os.path.exists(path):
                return path
    raise SystemExit(f"pytorch_train.py: no train-{kind}-ubyte[.gz] in {directory}")


def read_idx(path, magic, limit):
    """The first `limit` items of an IDX file as a uint8 tensor [items, item bytes]."""
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    if struct.unpack(">I", data[:4])[0] != magic:
        raise SystemExit(f"pytorch_train.py: {path}: not an IDX file of magic {magic:#x}")
    dims = struct.unpack(f">{magic & 0xFF}I", data[4:4 + 4 * (magic & 0xFF)])
    item = math.prod(dims[1:])
    count = min(limit, dims[0]) if limit else dims[0]
    start = 4 + 4 * len(dims)
    payload = bytearray(data[start:start + count * item])
    return torch.frombuffer(payload, dtype=torch.uint8).reshape(count, item), dims


# ------------------------------------------------------------------------------ network

class SignSte(torch.autograd.Function):
    """sign(w) with sign(0) = +1; the gradient passes where |w| <= 1."""

    @staticmethod
    def forward(ctx, w):
        ctx.save_for_backward(w)
        return (w >= 0).to(w.dtype) * 2 - 1

    @staticmethod
    def backward(ctx, grad):
        (w,) = ctx.saved_tensors
        return grad * (w.abs() <= 1).to(grad.dtype)


def sign_of(r):
    return (r >= 0).to(r.dtype) * 2 - 1


class ResidualSignFn(torch.autograd.Function):
    """r_1 = x; s_l = sign(r_l); r_{l+1} = r_l - g_l s_l; out = sum_l g_l s_l.

    Backward, a reverse sweep with adj = dL/dr_{l+1} (0 after the last level):
    dL/dg_l = sum s_l (grad - adj), dL/dr_l = g_l (grad - adj) [|r_l| <= window_l] + adj,
    the residuals recomputed rather than saved.
    """

    @staticmethod
    def forward(ctx, x, g, at_scales):
        ctx.save_for_backward(x, g)
        ctx.at_scales = at_scales
        r, out = x, torch.zeros_like(x)
        for level in range(g.size(0)):
            step = g[level] * sign_of(r)
            out += step
            r = r - step
        return out

    @staticmethod
    def backward(ctx, grad):
        x, g = ctx.saved_tensors
        levels = g.size(0)
        r, s = [x], []
        for level in range(levels):
            s.append(sign_of(r[level]))
            r.append(r[level] - g[level] * s[level])
        adj, grad_g = torch.zeros_like(x), torch.empty_like(g)
        for level in reversed(range(levels)):
            outer = grad - adj
            grad_g[level] = (s[level] * outer).sum()
            window = g[level:].sum() if ctx.at_scales else 1
            adj = g[level] * outer * (r[level].abs() <= window).to(x.dtype) + adj
        return adj, grad_g, None


class Dense(torch.nn.Module):
    def __init__(self, fan_in, neurons):
        super().__init__()
        bound = math.sqrt(6.0 / (fan_in + neurons))
        self.weight = torch.nn.Parameter(torch.empty(neurons, fan_in).uniform_(-bound, bound))

    def forward(self, x):
        w = SignSte.apply(self.weight)
        return F.conv2d(x.reshape(x.size(0), x.size(1), 1, 1),
                        w.reshape(w.size(0), w.size(1), 1, 1)).flatten(1)

    def clip(self):
        with torch.no_grad():
            self.weight.clamp_(-1, 1)


class ResidualSign(torch.nn.Module):
    def __init__(self, levels, scale_init, ste_window):
        super().__init__()
        level = torch.arange(levels, dtype=torch.float)
        init = (0.8 * torch.pow(0.5, level) if scale_init == "geometric"
                else (levels - level) / (levels * (levels + 1) / 2))
        self.scales = torch.nn.Parameter(init)
        self.at_scales = ste_window == "scales"

    def forward(self, x):
        return ResidualSignFn.apply(x, self.scales, self.at_scales)

    def clip(self):
        with torch.no_grad():
            self.scales.clamp_min_(1e-3)


class Block(torch.nn.Module):
    def __init__(self, fan_in, neurons, levels, last, args):
        super().__init__()
        self.dense = Dense(fan_in, neurons)
        self.norm = torch.nn.BatchNorm1d(neurons)
        self.sign = None if last else ResidualSign(levels, args.scale_init, args.ste_window)

    def forward(self, x):
        if x.dim() == 4:
            x = x.permute(0, 2, 3, 1).flatten(1)
        x = self.norm(self.dense(x))
        return x if self.sign is None else self.sign(x)

    def clip(self):
        self.dense.clip()
        if self.sign is not None:
            self.sign.clip()


class Network(torch.nn.Module):
    def __init__(self, rows, cols, neurons, args):
        super().__init__()
        self.rows, self.cols = rows, cols
        self.mask = (0xFF << (8 - args.pixel_levels)) & 0xFF
        self.offset = 256 - (1 << (8 - args.pixel_levels))
        fan_ins = [rows * cols] + neurons[:-1]
        self.blocks = torch.nn.ModuleList(
            Block(fan_in, n, args.levels, i + 1 == len(neurons), args)
            for i, (fan_in, n) in enumerate(zip(fan_ins, neurons)))

    def forward(self, pixels):
        x = (2 * torch.bitwise_and(pixels.to(torch.int32), self.mask) - self.offset).to(
            torch.float) / 128
        x = x.reshape(-1, self.rows, self.cols, 1).permute(0, 3, 1, 2)
        for block in self.blocks:
            x = block(x)
        return x

    def clip(self):
        for block in self.blocks:
            block.clip()


# ------------------------------------------------------------------------------ training

def learning_rate(args, epoch):
    """Exponential decay from lr (first epoch) to lr/100 (last epoch), as the trainer."""
    if args.epochs < 2:
        return args.lr
    return args.lr * math.pow(0.01, epoch / (args.epochs - 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, help="IDX directory (train-*)")
    parser.add_argument("--layers", required=True,
                        help="neurons of the dense layers, comma-separated (sfc: 256,256,256,10)")
    parser.add_argument("--levels", type=int, required=True, help="hidden levels M")
    parser.add_argument("--pixel-levels", type=int, default=8)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--images", type=int, default=0, help="the first N images (0: all)")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=10, help="first steps, not timed")
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--label-smoothing", type=float, required=True)
    parser.add_argument("--scale-init", choices=("ramp", "geometric"), required=True)
    parser.add_argument("--ste-window", choices=("unit", "scales"), required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    pixels, dims = read_idx(idx_path(args.data, "images-idx3"), 0x803, args.images)
    labels = read_idx(idx_path(args.data, "labels-idx1"), 0x801, args.images)[0].flatten().long()
    net = Network(dims[1], dims[2], [int(n) for n in args.layers.split(",")], args)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr)

    images = pixels.size(0)
    batch = min(args.batch, images)
    batches = images // batch
    steps, timed_steps, seconds, cpu_seconds = 0, 0, 0.0, 0.0
    for epoch in range(args.epochs):
        order = torch.randperm(images)
        last, last_cpu = time.perf_counter(), time.process_time()  # the C++ side's epoch_begin
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(args, epoch)
        net.train()
        loss_sum, correct, seen = 0.0, 0, 0
        for b in range(batches):
            pick = order[b * batch:(b + 1) * batch]
            batch_labels = labels.index_select(0, pick)
            scores = net(pixels.index_select(0, pick))
            loss = F.cross_entropy(scores, batch_labels, label_smoothing=args.label_smoothing)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            net.clip()
            seen += batch
            loss_sum += loss.item() * batch
            correct += scores.argmax(1).eq(batch_labels).sum().item()
            now, cpu = time.perf_counter(), time.process_time()  # the C++ side's batch_end
            steps += 1
            if steps > args.warmup:
                seconds += now - last
                cpu_seconds += cpu - last_cpu
                timed_steps += 1
            last, last_cpu = now, cpu
        print(f"pytorch_train.py: epoch {epoch + 1}/{args.epochs} loss {loss_sum / seen:.4f} "
              f"train {100 * correct / seen:.2f} %", file=sys.stderr)

    print(json.dumps({
        "timed_steps": timed_steps,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "images_per_s": timed_steps * batch / seconds if seconds > 0 else None,
        "loss": loss_sum / seen,
        "train_accuracy": correct / seen,
        "threads": torch.get_num_threads(),
        "torch_version": torch.__version__,
        "python_version": platform.python_version(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
