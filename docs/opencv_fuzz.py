#!/usr/bin/python3
"""Random cases of `bin/strip-steel preprocess` compared with OpenCV 4.6 bit for bit.

Draws images (noise, constant, gradient, binary, low-contrast, crops of the real datasets) of odd
sizes from 1x1 up, and random parameters for every operation, runs our command line on each and
OpenCV (Debian's python3-opencv) on the same pixels, and reports every case whose bytes (or Otsu
level) differ. Exit code 1 when a case differs.

    /usr/bin/python3 docs/opencv_fuzz.py [--cases N] [--seed S] [--keep DIR] [--ops resize,canny]
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import tempfile

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLI = os.path.join(ROOT, "bin", "strip-steel")
DATASETS = os.path.join(ROOT, "..", "shared", "datasets")

SIZES = [(1, 1), (2, 3), (3, 2), (7, 5), (16, 16), (37, 53), (64, 9), (130, 128), (200, 200),
         (201, 199), (640, 480), (1023, 17), (5, 300), (2048, 64)]


def image(rng, nprng, w, h):
    kind = rng.choice(["noise", "constant", "gradient", "binary", "narrow", "real"])
    if kind == "noise":
        return nprng.integers(0, 256, (h, w), dtype=np.uint8), kind
    if kind == "constant":
        return np.full((h, w), rng.choice([0, 1, 128, 254, 255]), np.uint8), kind
    if kind == "gradient":
        yy, xx = np.mgrid[0:h, 0:w]
        return ((xx * 3 + yy * 5) % 256).astype(np.uint8), kind
    if kind == "binary":
        return (nprng.integers(0, 2, (h, w)) * 255).astype(np.uint8), kind
    if kind == "narrow":
        return nprng.integers(100, 108, (h, w), dtype=np.uint8), kind
    files = sorted(glob.glob(os.path.join(DATASETS, "neu-cls", "*", "*.bmp")))[::97] + sorted(
        glob.glob(os.path.join(DATASETS, "x-sdd", "*", "*")))[::97]
    real = cv2.imread(rng.choice(files), cv2.IMREAD_GRAYSCALE)
    real = cv2.resize(real, (max(w, 1), max(h, 1)), interpolation=cv2.INTER_NEAREST) if (
        w > real.shape[1] or h > real.shape[0]) else real[:h, :w]
    return np.ascontiguousarray(real), "real"


OPS = ["gaussian", "median", "equalize", "clahe", "resize", "sobel-magnitude", "canny", "otsu"]


def case(rng, ops=OPS):
    op = rng.choice(ops)
    if op == "gaussian":
        sigma = rng.choice([0, 0.3, 0.8, 1.0, 1.5, 2.0, 3.7, 5.0])
        ksize = rng.choice([0, 1, 3, 5, 7, 9, 15, 31]) if sigma > 0 else rng.choice([1, 3, 5, 7, 11])
        return op, {"sigma": sigma, "ksize": ksize}
    if op == "median":
        return op, {"ksize": rng.choice([1, 3, 5, 7, 9, 11, 15, 21])}
    if op == "clahe":
        return op, {"clip": rng.choice([0, 0.5, 1, 2, 4, 40]),
                    "tiles": (rng.randint(1, 16), rng.randint(1, 16))}
    if op == "resize":
        return op, {"width": rng.choice([1, 2, 3, 17, 64, 100, 224, 333, 600]),
                    "height": rng.choice([1, 2, 5, 31, 64, 128, 224, 401])}
    if op == "canny":
        return op, {"low": rng.choice([0, 10, 30, 50, 50.5, 99.9, 150, 300]),
                    "high": rng.choice([0, 40, 90, 150, 200.7, 400, 1000])}
    return op, {}


def opencv(op, p, img):
    if op == "gaussian":
        k = p["ksize"]
        return cv2.GaussianBlur(img, (k, k), p["sigma"]), None
    if op == "median":
        return (img.copy() if p["ksize"] == 1 else cv2.medianBlur(img, p["ksize"])), None
    if op == "equalize":
        return cv2.equalizeHist(img), None
    if op == "clahe":
        return cv2.createCLAHE(clipLimit=p["clip"], tileGridSize=p["tiles"]).apply(img), None
    if op == "resize":
        return cv2.resize(img, (p["width"], p["height"]), interpolation=cv2.INTER_LINEAR), None
    if op == "sobel-magnitude":
        gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)
        return np.clip(np.rint(cv2.magnitude(gx, gy)), 0, 255).astype(np.uint8), None
    if op == "canny":
        return cv2.Canny(img, p["low"], p["high"]), None
    t, b = cv2.threshold(img, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return b, int(t)


def ours(op, p, src, dst):
    args = [CLI, "preprocess", "--op", op]
    for k, v in p.items():
        args += ["--" + k, "%dx%d" % v if k == "tiles" else str(v)]
    r = subprocess.run(args + [src, dst], capture_output=True, text=True)
    if r.returncode != 0:
        return None, None, r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "exit %d" % r.returncode
    level = None
    for line in r.stdout.splitlines():
        if line.startswith("threshold="):
            level = int(line.split("=")[1])
    return cv2.imread(dst, cv2.IMREAD_UNCHANGED), level, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="folder for the inputs of differing cases")
    ap.add_argument("--ops", default=",".join(OPS), help="comma-separated operations to draw from (default: all)")
    a = ap.parse_args()
    rng, nprng = random.Random(a.seed), np.random.default_rng(a.seed)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(a.cases):
            w, h = rng.choice(SIZES)
            img, kind = image(rng, nprng, w, h)
            op, p = case(rng, a.ops.split(","))
            src, dst = os.path.join(tmp, "in.png"), os.path.join(tmp, "out.png")
            cv2.imwrite(src, img)
            expected, level = opencv(op, p, img)
            got, got_level, error = ours(op, p, src, dst)
            label = "%3d %-15s %-40s %4dx%-4d %-8s" % (n, op, p, img.shape[1], img.shape[0], kind)
            if error is not None:
                print(label, "ERROR", error)
                bad += 1
            elif got.shape != expected.shape or not np.array_equal(got, expected) or level != got_level:
                diff = int(np.count_nonzero(got != expected)) if got.shape == expected.shape else -1
                print(label, "DIFFERS: %d pixels, level ours %s OpenCV %s" % (diff, got_level, level))
                bad += 1
                if a.keep:
                    os.makedirs(a.keep, exist_ok=True)
                    cv2.imwrite(os.path.join(a.keep, "case%03d-%s.png" % (n, op)), img)
            else:
                print(label, "same")
            sys.stdout.flush()
    print("%d of %d cases differ" % (bad, a.cases))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
