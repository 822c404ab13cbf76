"""Extra OpenCV 4.6 reference outputs for the Java tests (odd sizes, other parameters).

Run with Debian's OpenCV:  /usr/bin/python3 make_reference.py
Inputs: crops of ../../../../../shared/opencv-reference/input.png and of
shared/bench/testimages.strip_image(); a constant image. Outputs: small 8-bit PNGs + cases.json.
"""
import json, os, sys
import numpy as np, cv2

here = os.path.dirname(os.path.abspath(__file__))
shared = os.environ.get('SHARED_DIR', os.path.join(here, '..', '..', '..', '..', '..', 'shared'))
sys.path.insert(0, os.path.join(shared, 'bench'))
from testimages import strip_image

cv2.setNumThreads(1)
base = cv2.imread(os.path.join(shared, 'opencv-reference', 'input.png'), cv2.IMREAD_UNCHANGED)
inputs = {
    'a37x53': base[100:153, 60:97].copy(),            # w=37, h=53
    'b237x301': strip_image()[200:501, 1000:1237].copy(),  # w=237, h=301
    'full200': base.copy(),
    'const20x17': np.full((17, 20), 77, np.uint8),
    'c1100x24': strip_image()[600:624, 2000:3100].copy(),  # wider than one 512-column strip
}
ops = {
    'gaussian_s2_k0': lambda im: cv2.GaussianBlur(im, (0, 0), 2.0),
    'gaussian_s1.3_k0': lambda im: cv2.GaussianBlur(im, (0, 0), 1.3),
    'gaussian_s1.3_k7': lambda im: cv2.GaussianBlur(im, (7, 7), 1.3),
    'gaussian_s0_k5': lambda im: cv2.GaussianBlur(im, (5, 5), 0),
    'gaussian_s0_k9': lambda im: cv2.GaussianBlur(im, (9, 9), 0),
    'gaussian_s5_k0': lambda im: cv2.GaussianBlur(im, (0, 0), 5.0),
    'gaussian_s0.5_k3': lambda im: cv2.GaussianBlur(im, (3, 3), 0.5),
    'median3': lambda im: cv2.medianBlur(im, 3),
    'median5': lambda im: cv2.medianBlur(im, 5),
    'median7': lambda im: cv2.medianBlur(im, 7),
    'median15': lambda im: cv2.medianBlur(im, 15),
    'equalize': lambda im: cv2.equalizeHist(im),
    'clahe_c3_t4x6': lambda im: cv2.createCLAHE(3.0, (4, 6)).apply(im),
    'clahe_c2_t8x8': lambda im: cv2.createCLAHE(2.0, (8, 8)).apply(im),
    'clahe_c2_t3x4': lambda im: cv2.createCLAHE(2.0, (3, 4)).apply(im),
    'clahe_c0_t2x2': lambda im: cv2.createCLAHE(0.0, (2, 2)).apply(im),
    'resize_97x61': lambda im: cv2.resize(im, (97, 61), interpolation=cv2.INTER_LINEAR),
    'resize_300x250': lambda im: cv2.resize(im, (300, 250), interpolation=cv2.INTER_LINEAR),
    'resize_60x45': lambda im: cv2.resize(im, (60, 45), interpolation=cv2.INTER_LINEAR),
    'resize_100x100': lambda im: cv2.resize(im, (100, 100), interpolation=cv2.INTER_LINEAR),
    'resize_41x7': lambda im: cv2.resize(im, (41, 7), interpolation=cv2.INTER_LINEAR),
    'resize_3x50': lambda im: cv2.resize(im, (3, 50), interpolation=cv2.INTER_LINEAR),
    'resize_9x3': lambda im: cv2.resize(im, (9, 3), interpolation=cv2.INTER_LINEAR),
    'sobel-magnitude': lambda im: np.clip(np.rint(cv2.magnitude(cv2.Sobel(im, cv2.CV_32F, 1, 0, ksize=3),
                                                                cv2.Sobel(im, cv2.CV_32F, 0, 1, ksize=3))), 0, 255).astype(np.uint8),
    'canny_30_90': lambda im: cv2.Canny(im, 30, 90),
    'canny_100_200': lambda im: cv2.Canny(im, 100, 200),
    'otsu': lambda im: cv2.threshold(im, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU),
}
plan = {
    'a37x53': list(ops),
    'b237x301': [o for o in ops if o not in ('gaussian_s2_k0', 'clahe_c0_t2x2', 'gaussian_s0.5_k3', 'gaussian_s0_k9', 'median15',
                                             'resize_41x7', 'clahe_c3_t4x6', 'gaussian_s1.3_k7', 'canny_100_200')],
    'full200': ['resize_60x45', 'resize_100x100', 'resize_41x7', 'gaussian_s5_k0', 'median15', 'clahe_c3_t4x6'],
    'c1100x24': ['gaussian_s2_k0', 'gaussian_s1.3_k7', 'median5', 'clahe_c2_t8x8', 'sobel-magnitude', 'canny_30_90'],
    'const20x17': ['equalize', 'clahe_c2_t8x8', 'clahe_c3_t4x6', 'otsu', 'canny_30_90', 'gaussian_s1.3_k0'],
}
cases = dict(opencv=cv2.__version__, cases=[])
for iname, im in inputs.items():
    # full200 is shared/opencv-reference/input.png itself: not copied
    src_name = 'shared:input.png' if iname == 'full200' else f'{iname}.png'
    if iname != 'full200':
        cv2.imwrite(os.path.join(here, src_name), im)
    for oname in plan[iname]:
        out = ops[oname](im)
        entry = dict(input=src_name, op=oname)
        if oname == 'otsu':
            entry['threshold'] = int(out[0]); out = out[1]
        fname = f'{iname}__{oname}.png'
        cv2.imwrite(os.path.join(here, fname), out)
        entry['expected'] = fname
        cases['cases'].append(entry)
with open(os.path.join(here, 'cases.json'), 'w') as f:
    json.dump(cases, f, indent=1)
print(len(cases['cases']), 'cases')
