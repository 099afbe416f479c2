#!/usr/bin/python3
"""PyTorch reference of the worker's GIST ViT, for the Java fidelity test (FidelityTest).

Writes, under worker/src/test/resources/fidelity/ (or --out):

* checkpoint.safetensors - one tiny ViT (image 16, patch 4, d 32, depth 2, heads 2, MLP ratio 4,
  4 classes) under the Java checkpoint names: timm names for the backbone plus every PEFT tensor
  of every method (gist.token, blocks.{i}.adapter.*, blocks.{i}.attn.lora_*, ...). Values are drawn
  from numpy's seeded RandomState (stable across numpy/torch versions) and are deliberately larger
  than a real init (LoRA B and adapter up non-zero) so that every gradient is exercised.
* batch.safetensors - the fixed batch: ``images`` (4, 3, 16, 16) and ``labels`` (4,) as floats.
* golden_<case>.safetensors - per case (PEFT method, GIST on/off): ``logits.cls``,
  ``logits.gist`` (GIST on), ``loss.total``, ``loss.ce_cls``, ``loss.ce_gist``,
  ``loss.kl_cls_gist``, ``loss.kl_gist_cls`` (GIST on) and ``grad.<name>`` for every trainable
  tensor (the Java TrainableSet: head, Gist token, PEFT tensors, plus all biases for bitfit and
  everything for full).

The forward pass is the training-mode pass with Gist dropout 0 and drop-path 0 (deterministic).
Everything is computed in float64 from the float32 checkpoint values, so the goldens are the exact
answer for the stored inputs and the Java (float32) error is measured against the truth.

Run by hand with Debian's torch (apt-get install -y python3-torch libopenblas0-pthread):

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 worker/src/test/python/gist_reference.py

Only the standard library, numpy and torch are used (safetensors is read and written by hand).
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

IMAGE, PATCH, DIM, DEPTH, HEADS, MLP_RATIO, CLASSES, BATCH = 16, 4, 32, 2, 2, 4, 4, 4
ADAPTER_DIM, ADAPTER_SCALE = 4, 0.1
LORA_RANK, LORA_ALPHA = 4, 8.0
PROMPTS = 3
GIST_CE, KL_CG, KL_GC, TEMPERATURE = 0.5, 0.75, 0.75, 3.0
SEED = 20240127
LABELS = [3, 0, 2, 1]

# Names of the PEFT tensors beyond adapter/LoRA (Java: SequentialAdapter, VisualPrompts, Ssf).
SEQ_ADAPTER = "blocks.{i}.adapter_{site}.{part}.{kind}"  # site attn|mlp, part down|up
VPT_SHALLOW = "vpt.prompt"  # (1, n, d)
VPT_DEEP = "blocks.{i}.vpt.prompt"  # (1, n, d), one per block
SSF = "{op}.ssf_scale", "{op}.ssf_shift"  # op: a timm module name, e.g. blocks.0.attn.qkv

CASES = [
    ("adapter", True), ("adapter", False), ("lora", True), ("bitfit", True), ("linear", True),
    ("full", True), ("sequential_adapter", True), ("vpt_shallow", True), ("vpt_deep", True),
    ("ssf", True),
]


# ---------------------------------------------------------------------------------------------
# safetensors by hand (F32 only)
def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, value in tensors.items():
        arr = np.ascontiguousarray(np.asarray(value, dtype="<f4"))
        blob = arr.tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        assert t["dtype"] == "F32", name
        a, b = t["data_offsets"]
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(t["shape"]).copy()
    return out


# ---------------------------------------------------------------------------------------------
# names
def linear_ops():
    """The timm names of every linear/conv op (weight + bias) of the backbone."""
    ops = ["patch_embed.proj"]
    for i in range(DEPTH):
        ops += [f"blocks.{i}.attn.qkv", f"blocks.{i}.attn.proj", f"blocks.{i}.mlp.fc1", f"blocks.{i}.mlp.fc2"]
    return ops


def norm_ops():
    return [f"blocks.{i}.norm{j}" for i in range(DEPTH) for j in (1, 2)] + ["norm"]


def op_width(op):
    if op.endswith("qkv"):
        return 3 * DIM
    if op.endswith("fc1"):
        return DIM * MLP_RATIO
    return DIM


def ssf_ops():
    return linear_ops() + norm_ops()


# ---------------------------------------------------------------------------------------------
# the checkpoint
def make_checkpoint():
    rs = np.random.RandomState(SEED)

    def normal(shape, std, mean=0.0):
        return (mean + std * rs.standard_normal(shape)).astype(np.float32)

    t = {}
    t["patch_embed.proj.weight"] = normal((DIM, 3, PATCH, PATCH), 0.15)
    t["patch_embed.proj.bias"] = normal((DIM,), 0.1)
    t["cls_token"] = normal((1, 1, DIM), 0.5)
    t["pos_embed"] = normal((1, 1 + (IMAGE // PATCH) ** 2, DIM), 0.5)
    hidden = DIM * MLP_RATIO
    for i in range(DEPTH):
        p = f"blocks.{i}."
        for n in ("norm1", "norm2"):
            t[p + n + ".weight"] = normal((DIM,), 0.1, 1.0)
            t[p + n + ".bias"] = normal((DIM,), 0.1)
        t[p + "attn.qkv.weight"] = normal((3 * DIM, DIM), 0.2)
        t[p + "attn.qkv.bias"] = normal((3 * DIM,), 0.1)
        t[p + "attn.proj.weight"] = normal((DIM, DIM), 0.2)
        t[p + "attn.proj.bias"] = normal((DIM,), 0.1)
        t[p + "mlp.fc1.weight"] = normal((hidden, DIM), 0.2)
        t[p + "mlp.fc1.bias"] = normal((hidden,), 0.1)
        t[p + "mlp.fc2.weight"] = normal((DIM, hidden), 0.1)
        t[p + "mlp.fc2.bias"] = normal((DIM,), 0.1)
    t["norm.weight"] = normal((DIM,), 0.1, 1.0)
    t["norm.bias"] = normal((DIM,), 0.1)
    t["head.weight"] = normal((CLASSES, DIM), 0.3)
    t["head.bias"] = normal((CLASSES,), 0.1)
    t["gist.token"] = rs.uniform(-0.5, 0.5, (1, 1, DIM)).astype(np.float32)
    for i in range(DEPTH):
        p = f"blocks.{i}."
        t[p + "adapter.down.weight"] = normal((ADAPTER_DIM, DIM), 0.3)
        t[p + "adapter.down.bias"] = normal((ADAPTER_DIM,), 0.1)
        t[p + "adapter.up.weight"] = normal((DIM, ADAPTER_DIM), 0.3)
        t[p + "adapter.up.bias"] = normal((DIM,), 0.1)
        for q in ("q", "v"):
            t[p + f"attn.lora_{q}.a"] = normal((LORA_RANK, DIM), 0.2)
            t[p + f"attn.lora_{q}.b"] = normal((DIM, LORA_RANK), 0.2)
        for site in ("attn", "mlp"):
            for part, shape in (("down", (ADAPTER_DIM, DIM)), ("up", (DIM, ADAPTER_DIM))):
                t[SEQ_ADAPTER.format(i=i, site=site, part=part, kind="weight")] = normal(shape, 0.3)
                t[SEQ_ADAPTER.format(i=i, site=site, part=part, kind="bias")] = normal((shape[0],), 0.1)
        t[VPT_DEEP.format(i=i)] = normal((1, PROMPTS, DIM), 0.5)
    t[VPT_SHALLOW] = normal((1, PROMPTS, DIM), 0.5)
    for op in ssf_ops():
        t[SSF[0].format(op=op)] = normal((op_width(op),), 0.1, 1.0)
        t[SSF[1].format(op=op)] = normal((op_width(op),), 0.1)
    images = normal((BATCH, 3, IMAGE, IMAGE), 1.0)
    return t, {"images": images, "labels": np.asarray(LABELS, dtype=np.float32)}


# ---------------------------------------------------------------------------------------------
# the model
class Reference:
    """The GIST ViT as a function of a name -> tensor map, for one PEFT method."""

    def __init__(self, params, method, gist):
        self.p, self.method, self.gist = params, method, gist

    def ssf(self, op, y):
        if self.method != "ssf":
            return y
        return y * self.p[SSF[0].format(op=op)] + self.p[SSF[1].format(op=op)]

    def linear(self, op, x):
        return self.ssf(op, F.linear(x, self.p[op + ".weight"], self.p[op + ".bias"]))

    def norm(self, op, x):
        y = F.layer_norm(x, (DIM,), self.p[op + ".weight"], self.p[op + ".bias"], eps=1e-6)
        return self.ssf(op, y)

    def shared_adapter(self, i, x):
        p = f"blocks.{i}.adapter."
        h = F.gelu(F.linear(x, self.p[p + "down.weight"], self.p[p + "down.bias"]))
        return F.linear(h, self.p[p + "up.weight"], self.p[p + "up.bias"]) * ADAPTER_SCALE

    def seq_adapter(self, i, site, z):
        def name(part, kind):
            return SEQ_ADAPTER.format(i=i, site=site, part=part, kind=kind)

        h = F.gelu(F.linear(z, self.p[name("down", "weight")], self.p[name("down", "bias")]))
        return z + F.linear(h, self.p[name("up", "weight")], self.p[name("up", "bias")])  # Houlsby: no scale

    def attention(self, i, x):
        b, n, _ = x.shape
        p = f"blocks.{i}.attn."
        fused = self.linear(p + "qkv", x)
        if self.method == "lora":
            scale = LORA_ALPHA / LORA_RANK
            q, k, v = fused.split(DIM, dim=-1)
            q = q + F.linear(F.linear(x, self.p[p + "lora_q.a"]), self.p[p + "lora_q.b"]) * scale
            v = v + F.linear(F.linear(x, self.p[p + "lora_v.a"]), self.p[p + "lora_v.b"]) * scale
            fused = torch.cat([q, k, v], dim=-1)
        hd = DIM // HEADS
        qkv = fused.reshape(b, n, 3, HEADS, hd).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * (hd ** -0.5), qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)).softmax(-1)
        out = (attn @ v).transpose(1, 2).reshape(b, n, DIM)
        return self.linear(p + "proj", out)

    def mlp(self, i, x):
        p = f"blocks.{i}.mlp."
        return self.linear(p + "fc2", F.gelu(self.linear(p + "fc1", x)))

    def block(self, i, x):
        attn = self.attention(i, self.norm(f"blocks.{i}.norm1", x))
        if self.method == "sequential_adapter":
            attn = self.seq_adapter(i, "attn", attn)
        h = x + attn
        if self.method == "adapter":
            h = h + self.shared_adapter(i, x)
        mlp = self.mlp(i, self.norm(f"blocks.{i}.norm2", h))
        if self.method == "sequential_adapter":
            mlp = self.seq_adapter(i, "mlp", mlp)
        y = h + mlp
        if self.method == "adapter":
            y = y + self.shared_adapter(i, h)
        return y

    def forward(self, images):
        x = F.conv2d(images, self.p["patch_embed.proj.weight"], self.p["patch_embed.proj.bias"], stride=PATCH)
        x = x.flatten(2).transpose(1, 2)
        x = self.ssf("patch_embed.proj", x)
        b = x.shape[0]
        x = torch.cat([self.p["cls_token"].expand(b, -1, -1), x], dim=1) + self.p["pos_embed"]
        k = 1 if self.gist else 0
        if self.gist:
            x = torch.cat([x[:, :1], self.p["gist.token"].expand(b, -1, -1), x[:, 1:]], dim=1)
        start = 1 + k  # prompts follow [CLS, GIST]
        if self.method == "vpt_shallow":
            prompts = self.p[VPT_SHALLOW].expand(b, -1, -1)
            x = torch.cat([x[:, :start], prompts, x[:, start:]], dim=1)
        for i in range(DEPTH):
            if self.method == "vpt_deep":
                prompts = self.p[VPT_DEEP.format(i=i)].expand(b, -1, -1)
                rest = x[:, start:] if i == 0 else x[:, start + PROMPTS:]
                x = torch.cat([x[:, :start], prompts, rest], dim=1)
            x = self.block(i, x)
        x = self.norm("norm", x)
        s_cls = F.linear(x[:, 0], self.p["head.weight"], self.p["head.bias"])
        s_gist = F.linear(x[:, 1], self.p["head.weight"], self.p["head.bias"]) if self.gist else None
        return s_cls, s_gist


def trainable(names, method, gist):
    """The Java TrainableSet: head, Gist token, the method's PEFT tensors, and backbone per method."""
    backbone = set(BACKBONE)
    out = ["head.weight", "head.bias"] + (["gist.token"] if gist else [])
    if method == "full":
        out += [n for n in BACKBONE if not n.startswith("head.")]
    elif method == "bitfit":
        out += [n for n in BACKBONE if n.endswith(".bias") and not n.startswith("head.")]
    peft = {
        "adapter": lambda n: ".adapter." in n,
        "lora": lambda n: ".lora_" in n,
        "sequential_adapter": lambda n: ".adapter_" in n,
        "vpt_shallow": lambda n: n == VPT_SHALLOW,
        "vpt_deep": lambda n: n.startswith("blocks.") and n.endswith(".vpt.prompt"),
        "ssf": lambda n: ".ssf_" in n,
    }.get(method, lambda n: False)
    out += [n for n in names if n not in backbone and n != "gist.token" and peft(n)]
    return out


BACKBONE = []


def gist_loss(s_cls, s_gist, labels):
    ce_cls = F.cross_entropy(s_cls, labels)
    if s_gist is None:
        return {"loss.total": ce_cls, "loss.ce_cls": ce_cls}
    ce_gist = F.cross_entropy(s_gist, labels)
    log_pc = F.log_softmax(s_cls / TEMPERATURE, dim=1)
    log_pg = F.log_softmax(s_gist / TEMPERATURE, dim=1)
    kl_cg = (log_pc.exp() * (log_pc - log_pg)).sum(1).mean()
    kl_gc = (log_pg.exp() * (log_pg - log_pc)).sum(1).mean()
    total = ce_cls + GIST_CE * ce_gist + KL_CG * kl_cg + KL_GC * kl_gc
    return {"loss.total": total, "loss.ce_cls": ce_cls, "loss.ce_gist": ce_gist,
            "loss.kl_cls_gist": kl_cg, "loss.kl_gist_cls": kl_gc}


def run_case(ckpt, batch, method, gist, dtype):
    params = {n: torch.tensor(v, dtype=dtype) for n, v in ckpt.items()}
    train = trainable(list(ckpt), method, gist)
    for n in train:
        params[n].requires_grad_(True)
    model = Reference(params, method, gist)
    images = torch.tensor(batch["images"], dtype=dtype)
    labels = torch.tensor(batch["labels"]).long()
    s_cls, s_gist = model.forward(images)
    terms = gist_loss(s_cls, s_gist, labels)
    terms["loss.total"].backward()
    out = {"logits.cls": s_cls.detach().numpy()}
    if s_gist is not None:
        out["logits.gist"] = s_gist.detach().numpy()
    out.update({k: v.detach().numpy().reshape(1) for k, v in terms.items()})
    for n in train:
        out["grad." + n] = params[n].grad.numpy()
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "resources", "fidelity")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=default_out, help="folder of the checkpoint, batch and goldens")
    ap.add_argument("--float32", action="store_true", help="compute in float32 (default float64)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    dtype = torch.float32 if args.float32 else torch.float64
    os.makedirs(args.out, exist_ok=True)
    ckpt, batch = make_checkpoint()
    names = list(ckpt)
    BACKBONE.extend(names[:names.index("gist.token")])  # make_checkpoint writes the backbone first
    meta = {"image": IMAGE, "patch": PATCH, "dim": DIM, "depth": DEPTH, "heads": HEADS, "mlp_ratio": MLP_RATIO,
            "classes": CLASSES, "adapter_dim": ADAPTER_DIM, "adapter_scale": ADAPTER_SCALE, "lora_rank": LORA_RANK,
            "lora_alpha": LORA_ALPHA, "prompt_length": PROMPTS, "seed": SEED}
    write_safetensors(os.path.join(args.out, "checkpoint.safetensors"), ckpt, meta)
    write_safetensors(os.path.join(args.out, "batch.safetensors"), batch)
    for method, gist in CASES:
        out = run_case(ckpt, batch, method, gist, dtype)
        name = f"golden_{method}_{'gist' if gist else 'nogist'}.safetensors"
        write_safetensors(os.path.join(args.out, name), out,
                          {"method": method, "gist": gist, "dtype": str(dtype), "torch": torch.__version__})
        print(f"{name}: loss {float(out['loss.total'][0]):.6f}, {sum(k.startswith('grad.') for k in out)} grads")
    return 0


if __name__ == "__main__":
    sys.exit(main())
