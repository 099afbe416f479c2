#!/usr/bin/env bash
# The GPU checks, for a machine with an NVIDIA GPU and a CUDA build of PyTorch in python3 but no
# Java, no Maven and no network (the bundle from make-bundle.sh brings the rest). Steps, each
# independent, all output under $OUT (default ./gpu-out):
#   1. what is there: GPU, PyTorch, its libtorch; which symbols DJL's CUDA JNI needs that it lacks;
#   2. the worker's GPU-tagged JUnit tests (training on the GPU in FP32 and FP16, FP16 gradients
#      against FP32 for every PEFT method);
#   3. examples/gpu-smoke.yaml through the product: embedded broker, orchestrator, a GPU worker;
#   4. the PyTorch eager anchor of the same ViT-B/16 adapter model, FP32 and FP16 autocast.
# DJL 0.36 ships a CUDA JNI built for libtorch 2.7.1 (flavour cu128) and loads libtorch from
# PYTORCH_LIBRARY_PATH. Set LIBTORCH_DIR to a libtorch 2.7.x CUDA folder (the lib/ of PyTorch 2.7.1
# cu128, as in the GPU image); by default the script uses the machine's PyTorch, and skips the DJL
# steps when that is not 2.7.x: the JNI then lacks symbols (checked in step 1) and DJL fails to
# create any tensor ("set_stride is not allowed on a Tensor created from .data or .detach()", seen
# with PyTorch 2.11 on an H200).
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT="${OUT:-$PWD/gpu-out}"
mkdir -p "$OUT"
B=/tmp/gist-bundle
rm -rf "$B" && mkdir -p "$B" && tar -C "$B" -xJf .gpu/bundle.tar.xz
JAVA="$B/jre/bin/java"
PY="${PYTHON:-python3}"
step() { echo; echo "=== $* ($(date +%T))"; }

step "1. machine"
nvidia-smi -L
"$PY" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name())'
TORCH_LIB="${LIBTORCH_DIR:-$("$PY" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}"
TORCH_VERSION="${LIBTORCH_VERSION:-$("$PY" -c 'import torch; print(torch.__version__)')}"
SITE="$(dirname "$(dirname "$TORCH_LIB")")"
echo "libtorch for DJL: $TORCH_LIB (version $TORCH_VERSION)"
ls "$TORCH_LIB"
"$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("jnilib/linux-x86_64/cu128/libdjl_torch.so", sys.argv[2])' \
  "$(ls "$B"/lib/pytorch-jni-*.jar)" "$B/jni"
if command -v nm >/dev/null; then
  nm -D --undefined-only "$B/jni/jnilib/linux-x86_64/cu128/libdjl_torch.so" | awk '{print $2}' | grep '^_Z' | grep -v '@' | sort -u > "$B/need.txt"
  for f in "$TORCH_LIB"/libtorch*.so "$TORCH_LIB"/libc10*.so; do nm -D --defined-only "$f" | awk '{print $3}'; done | sort -u > "$B/have.txt"
  comm -23 "$B/need.txt" "$B/have.txt" > "$OUT/missing-symbols.txt"
  echo "DJL cu128 JNI needs $(wc -l < "$B/need.txt") C++ (libtorch, c10) symbols; missing here: $(wc -l < "$OUT/missing-symbols.txt")"
  head -20 "$OUT/missing-symbols.txt" | (c++filt 2>/dev/null || cat)
fi

LIBDIR="$B/libtorch"
mkdir -p "$LIBDIR"
for n in libc10.so libc10_cuda.so libtorch.so libtorch_cpu.so libtorch_cuda.so; do ln -sf "$TORCH_LIB/$n" "$LIBDIR/$n"; done
NV_LIBS="$(ls -d "$SITE"/nvidia/*/lib 2>/dev/null | tr '\n' ':')"
CUDART="$(ls "$SITE"/nvidia/cuda_runtime/lib/libcudart.so* "$SITE"/nvidia/cu*/lib/libcudart.so* 2>/dev/null | head -1)"
[ -n "$CUDART" ] && ln -sf "$CUDART" "$LIBDIR/libcudart.so"
export LD_LIBRARY_PATH="$LIBDIR:$TORCH_LIB:$NV_LIBS/usr/local/nvidia/lib64:/usr/local/nvidia/lib:${LD_LIBRARY_PATH:-}"
export PYTORCH_LIBRARY_PATH="$LIBDIR" PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128
export DJL_CACHE_DIR="$B/djl" OPT_OUT_TRACKING=true TORCH_CPP_LOG_LEVEL=ERROR
export MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=1073741824
JOPTS=(-Dai.djl.offline=true -Djna.library.path="$LIBDIR" -Xmx24g)
echo "unresolved libraries:"; ldd "$B/jni/jnilib/linux-x86_64/cu128/libdjl_torch.so" "$TORCH_LIB/libtorch_cuda.so" | grep -i "not found" || echo "  none"

DJL_OK=1
case "$TORCH_VERSION" in
  2.7.*) ;;
  *) DJL_OK=0
     echo "DJL 0.36 needs libtorch 2.7.x; this is $TORCH_VERSION. Skipping steps 2 and 3:"
     echo "set LIBTORCH_DIR (and LIBTORCH_VERSION) to a libtorch 2.7.1 cu128 lib folder to run them." ;;
esac

[ "$DJL_OK" = 1 ] && step "2. GPU-tagged JUnit tests of the worker" && {
CP="$B/worker-test-classes:$B/worker-classes:$(ls "$B"/lib/*.jar "$B"/testlib/*.jar | grep -v gist-sweep-worker | tr '\n' ':')"
timeout 120 "$JAVA" "${JOPTS[@]}" -jar "$B/junit-console.jar" execute --disable-banner --details=tree \
  --class-path "$CP" --include-tag gpu \
  --select-class org.gistsweep.worker.train.TrainingExtrasTest \
  --select-class org.gistsweep.worker.train.MixedPrecisionTest \
  --reports-dir "$OUT/junit" 2>&1 | grep -v '^SLF4J' | tail -60
}

[ "$DJL_OK" = 1 ] && step "3. examples/gpu-smoke.yaml: ViT-B/16, FP32 and FP16, GIST on and off, one GPU worker" && {
GIST_SWEEP_HOME="$B/home" timeout 200 "$JAVA" "${JOPTS[@]}" -jar "$B/gist-sweep.jar" run examples/gpu-smoke.yaml \
  --output "$OUT/gpu-smoke" --timeout-minutes 3 2>&1 | grep -v -E '^SLF4J|DEBUG' | tail -40
if [ -f "$OUT/gpu-smoke/study.json" ]; then
  "$PY" - "$OUT/gpu-smoke/study.json" <<'PYEOF'
import json, sys
study = json.load(open(sys.argv[1]))
print("trial  precision gist  state      best val_top1  images/s per epoch")
for t in study["trials"]:
    p = t.get("params", {})
    speeds = [round(e.get("images_per_second") or 0) for e in t.get("epochs", [])]
    print("%5s  %-9s %-5s %-10s %-14s %s" % (t.get("number"), p.get("precision"), p.get("gist"), t.get("state"),
                                            t.get("value"), speeds))
PYEOF
fi
}

step "4. PyTorch eager anchor: the same ViT-B/16 adapter model, batch 64, 3 epochs of 800 images"
for precision in fp32 fp16; do
  for gist in 1 0; do
    timeout 40 "$PY" bench/torch_train_bench.py --arch vit-b16 --device cuda --precision "$precision" --gist "$gist" \
      --epochs 3 --batch-size 64 2>&1 | grep BENCH_RESULT | tee -a "$OUT/torch-anchor.jsonl"
  done
done
step "done"
