#!/usr/bin/python3
"""PyTorch eager side of the GIST training benchmark (org.gistsweep.worker.bench.TrainingBenchmark).

Trains the same model as the worker's DJL benchmark run - vit-tiny (image 32, patch 4, d 96,
depth 4, heads 3, MLP ratio 4) with the GIST reference shared parallel adapter (dim 4, scale 0.1),
6 classes, GIST on (one Gist token, dropout 0.1, loss with CE 0.5 and both KL at 0.75, T 3) or off -
with AdamW (weight decay on tensors with ndim > 1) on a frozen backbone, batch 32, for N epochs of
800 images. Images are a fixed random set (normalised floats, copied per batch as the Java side
copies its decoded images). Evaluation is not timed (and not run: it has no effect on speed).

Prints one line ``BENCH_RESULT {json}`` with the epoch throughputs (wall clock, and images per
CPU second of the process), the RSS after each epoch and the
peak RSS (VmHWM), in MiB, from /proc/self/status.

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_train_bench.py --gist 1 --epochs 10

On a GPU (the anchor of the GPU checks in .ci/gpu): ``--arch vit-b16 --device cuda --precision fp16``
builds ViT-B/16 (image 224, patch 16, d 768, depth 12, heads 12) and trains under
torch.autocast(float16) with a GradScaler; images are copied to the device per batch, as the Java
trainer copies them.
"""
import argparse
import json
import math
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

IMAGE, PATCH, DIM, DEPTH, HEADS, MLP_RATIO, CLASSES = 32, 4, 96, 4, 3, 4, 6
ARCHS = {"vit-tiny": (32, 4, 96, 4, 3), "vit-b16": (224, 16, 768, 12, 12)}
TRAIN_SIZE = 800


class Adapter(nn.Module):
    """GIST's shared parallel adapter: 0.1 * up(GELU(down(x)))."""

    def __init__(self, dim, bottleneck=4, scale=0.1):
        super().__init__()
        self.down, self.up, self.scale = nn.Linear(dim, bottleneck), nn.Linear(bottleneck, dim), scale
        for m in (self.down, self.up):
            nn.init.trunc_normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.up(F.gelu(self.down(x))) * self.scale


class Block(nn.Module):
    def __init__(self, dim, heads, adapter):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = nn.LayerNorm(dim, eps=1e-6), nn.LayerNorm(dim, eps=1e-6)
        self.qkv, self.proj = nn.Linear(dim, 3 * dim), nn.Linear(dim, dim)
        self.fc1, self.fc2 = nn.Linear(dim, dim * MLP_RATIO), nn.Linear(dim * MLP_RATIO, dim)
        self.adapter = Adapter(dim) if adapter else None

    def attention(self, x):
        b, n, d = x.shape
        hd = d // self.heads
        qkv = self.qkv(x).reshape(b, n, 3, self.heads, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * hd ** -0.5, qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)).softmax(-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(b, n, d))

    def forward(self, x):
        h = x + self.attention(self.norm1(x))
        if self.adapter is not None:
            h = h + self.adapter(x)
        y = h + self.fc2(F.gelu(self.fc1(self.norm2(h))))
        if self.adapter is not None:
            y = y + self.adapter(h)
        return y


class GistVit(nn.Module):
    def __init__(self, gist, gist_dropout=0.1):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, DIM, PATCH, PATCH)
        self.cls_token = nn.Parameter(torch.randn(1, 1, DIM) * 0.02)
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + (IMAGE // PATCH) ** 2, DIM) * 0.02)
        self.gist_token = nn.Parameter(torch.empty(1, 1, DIM).uniform_(-0.5, 0.5)) if gist else None
        self.gist_dropout = gist_dropout
        self.blocks = nn.ModuleList(Block(DIM, HEADS, adapter=True) for _ in range(DEPTH))
        self.norm = nn.LayerNorm(DIM, eps=1e-6)
        self.head = nn.Linear(DIM, CLASSES)

    def forward(self, images):
        x = self.patch_embed(images).flatten(2).transpose(1, 2)
        b = x.shape[0]
        x = torch.cat([self.cls_token.expand(b, -1, -1), x], dim=1) + self.pos_embed
        if self.gist_token is not None:
            g = F.dropout(self.gist_token.expand(b, -1, -1), self.gist_dropout, self.training)
            x = torch.cat([x[:, :1], g, x[:, 1:]], dim=1)
        for blk in self.blocks:
            x = blk(x)
        x = self.norm(x)
        s_cls = self.head(x[:, 0])
        s_gist = self.head(x[:, 1]) if self.gist_token is not None else None
        return s_cls, s_gist


def gist_loss(s_cls, s_gist, y, t=3.0):
    ce = F.cross_entropy(s_cls, y)
    if s_gist is None:
        return ce, [ce]
    ce_g = F.cross_entropy(s_gist, y)
    lc, lg = F.log_softmax(s_cls / t, 1), F.log_softmax(s_gist / t, 1)
    kl_cg = (lc.exp() * (lc - lg)).sum(1).mean()
    kl_gc = (lg.exp() * (lg - lc)).sum(1).mean()
    return ce + 0.5 * ce_g + 0.75 * kl_cg + 0.75 * kl_gc, [ce, ce_g, kl_cg, kl_gc]


def status_mb(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def blas():
    """The BLAS library actually mapped (Debian's torch links the generic libblas alternative)."""
    with open("/proc/self/maps") as f:
        maps = f.read().lower()
    return "OpenBLAS" if "openblas" in maps else "reference BLAS (slow: install libopenblas0-pthread)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gist", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--arch", choices=sorted(ARCHS), default="vit-tiny")
    ap.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    ap.add_argument("--precision", choices=["fp32", "fp16"], default="fp32")
    args = ap.parse_args()
    global IMAGE, PATCH, DIM, DEPTH, HEADS
    IMAGE, PATCH, DIM, DEPTH, HEADS = ARCHS[args.arch]
    device = torch.device(args.device)
    half = args.precision == "fp16"
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rs = np.random.RandomState(args.seed)
    images = rs.standard_normal((TRAIN_SIZE, 3, IMAGE, IMAGE)).astype(np.float32)
    labels = rs.randint(0, CLASSES, TRAIN_SIZE)
    model = GistVit(bool(args.gist)).to(device)
    for name, p in model.named_parameters():
        p.requires_grad_(name.startswith(("head.", "gist_token")) or ".adapter." in name)
    trainable = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in trainable if p.ndim > 1]
    no_decay = [p for p in trainable if p.ndim <= 1]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 5e-5}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=5e-3, betas=(0.9, 0.999), eps=1e-8)
    if hasattr(torch.amp, "GradScaler"):
        scaler = torch.amp.GradScaler(args.device, enabled=half)
    else:  # Debian's torch 1.13
        scaler = torch.cuda.amp.GradScaler(enabled=half)
    model.train()
    speeds, cpu_speeds, rss = [], [], []
    for _ in range(args.epochs):
        order = rs.permutation(TRAIN_SIZE)
        start, cpu_start = time.perf_counter(), time.process_time()
        for i in range(0, TRAIN_SIZE, args.batch_size):
            idx = order[i:i + args.batch_size]
            x = torch.from_numpy(images[idx]).to(device)
            y = torch.from_numpy(labels[idx]).long().to(device)
            if half:
                with torch.autocast(args.device, dtype=torch.float16):
                    s_cls, s_gist = model(x)
            else:
                s_cls, s_gist = model(x)
            loss, terms = gist_loss(s_cls.float(), None if s_gist is None else s_gist.float(), y)
            for t in terms:
                t.item()  # the Java trainer reads every term for its epoch means
            if not math.isfinite(loss.item()):
                raise SystemExit("diverged")
            opt.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(opt)
            scaler.update()
        speeds.append(TRAIN_SIZE / (time.perf_counter() - start))
        cpu_speeds.append(TRAIN_SIZE / (time.process_time() - cpu_start))
        rss.append(status_mb("VmRSS:"))
    result = {"engine": "pytorch", "gist": bool(args.gist), "images_per_second": speeds, "cpu_images_per_second": cpu_speeds,
              "rss_mb": rss,
              "peak_rss_mb": status_mb("VmHWM:"), "threads": args.threads,
              "arch": args.arch, "device": args.device, "precision": args.precision,
              "version": "PyTorch %s eager (%s)" % (torch.__version__,
                                                    torch.cuda.get_device_name() if args.device == "cuda" else blas())}
    print("BENCH_RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
