"""Ratio table of `strip-steel bench preprocess --json` against shared/bench/opencv_bench.py.

Usage: python3 docs/preprocessing_ratios.py ours.json opencv.json  (prints a Markdown table)
"""
import json, sys

ours = json.load(open(sys.argv[1]))['results']
ocv = {(r['op'], r['image'], r['threads']): r['us_median'] for r in json.load(open(sys.argv[2]))['results']}
peer = {'sobel_mag': 'sobel_mag_f32'}   # ours also rounds to 8 bits; OpenCV's figure is Sobel x2 + magnitude
print('| op | size | threads | ours ms | OpenCV ms | ratio |')
print('|---|---|---|---:|---:|---:|')
for r in ours:
    key = (peer.get(r['op'], r['op']), r['image'], r['threads'])
    o = ocv.get(key)
    ms = r['us_median'] / 1000
    if o is None:
        print(f"| {r['op']} | {r['image']} | {r['threads']} | {ms:.3f} | n/a | n/a |")
    else:
        flag = '' if r['image'] != '4096x1024' or ms / (o / 1000) <= 1.5 else ' (missed)'
        print(f"| {r['op']} | {r['image']} | {r['threads']} | {ms:.3f} | {o / 1000:.3f} | {ms / (o / 1000):.2f}{flag} |")
