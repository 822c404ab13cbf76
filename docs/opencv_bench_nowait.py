"""Same ops, images and statistic as shared/bench/opencv_bench.py, but without waiting for an idle
machine (a training job runs permanently on this host): perfutil.bench(idle=False), inner calibrated
without wait_idle. Usage: /usr/bin/python3 docs/opencv_bench_nowait.py out.json [--ops median5,gaussian_sigma2]
(SHARED_DIR defaults to ../shared; --ops runs only the named operations)"""
import os, sys, json, time
sys.path.insert(0, os.path.join(os.environ.get('SHARED_DIR', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared')), 'bench'))
import numpy as np, cv2
from perfutil import bench
from testimages import test_image_200, strip_image
clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))
def sobel_mag(img):
    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3); gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)
    return cv2.magnitude(gx, gy)
OPS = {
    'gaussian_sigma2': lambda im: cv2.GaussianBlur(im, (0, 0), 2.0),
    'median5': lambda im: cv2.medianBlur(im, 5),
    'equalizeHist': lambda im: cv2.equalizeHist(im),
    'clahe_clip2_8x8': lambda im: clahe.apply(im),
    'resize224_linear': lambda im: cv2.resize(im, (224, 224), interpolation=cv2.INTER_LINEAR),
    'sobel_mag_f32': sobel_mag,
    'canny_50_150': lambda im: cv2.Canny(im, 50, 150),
    'otsu_threshold': lambda im: cv2.threshold(im, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU),
    'normalize_minmax_f32': lambda im: cv2.normalize(im, None, 0.0, 1.0, cv2.NORM_MINMAX, cv2.CV_32F),
}
def calib(f, target):
    dt = min((lambda t0: (f(), time.perf_counter() - t0)[1])(time.perf_counter()) for _ in range(5))
    return max(1, int(target / max(dt, 1e-9)))
if '--ops' in sys.argv:
    wanted = sys.argv[sys.argv.index('--ops') + 1].split(',')
    unknown = [o for o in wanted if o not in OPS]
    if unknown: sys.exit('unknown ops %s; known: %s' % (unknown, ','.join(OPS)))
    OPS = {o: OPS[o] for o in wanted}
res = dict(opencv=cv2.__version__, note='no idle wait', results=[])
imgs = {'200x200': test_image_200(), '4096x1024': strip_image()}
for threads in [1, 2]:
    cv2.setNumThreads(threads)
    for iname, im in imgs.items():
        for oname, op in OPS.items():
            f = lambda: op(im)
            for _ in range(3): f()
            inner = calib(f, 0.1)
            reps = 15 if im.size < 100000 else 9
            r = bench(f, reps=reps, inner=inner, warmup=1, idle=False, max_foreign=100)
            e = dict(op=oname, image=iname, threads=threads, us_median=r['median'] * 1e6, us_min=r['min'] * 1e6,
                     us_max=r['max'] * 1e6, reps=reps, inner=inner, foreign_cores=r['foreign_cores'])
            res['results'].append(e); print(json.dumps(e), flush=True)
with open(sys.argv[1], 'w') as fo: json.dump(res, fo, indent=1)
