#!/usr/bin/env python3
"""Runs bin/strip-steel classify and bin/strip-steel-spark on the same images and compares them.

Prints the wall time of each run (end to end, JVM start included) and the time each reports
itself (the CLI from model loading to the last file, the Spark job from the start of the job to
its written output), then compares the rows file by file: the same status, the same class and a
confidence within 1e-4 (the CLI writes 4 decimals).

    docs/bench/spark_vs_cli.py --input DIR [--master 'local[2]'] [--tta none] [--batch 16] [--runs 2]
"""
import argparse, csv, glob, os, re, shutil, subprocess, sys, tempfile, time
from urllib.parse import unquote

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))


def run(cmd):
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    m = re.search(r"(\d+) files, (\d+) classified, (\d+) failed, ([\d.]+) s", p.stdout)
    if not m:
        sys.exit("no summary from %s:\n%s\n%s" % (cmd[0], p.stdout[-2000:], p.stderr[-4000:]))
    return wall, float(m.group(4)), int(m.group(1))


def rows(files, key):
    out = {}
    for f in files:
        with open(f, newline="") as fh:
            for r in csv.DictReader(fh):
                path = r[key]
                if path.startswith("file:"):
                    path = unquote(path[5:])
                out[path] = r
    return out


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--input", required=True)
    a.add_argument("--model", default=os.path.join(root, "models/neu-cls"))
    a.add_argument("--master", default="local[2]")
    a.add_argument("--tta", default="none")
    a.add_argument("--batch", default="16")
    a.add_argument("--runs", type=int, default=2)
    o = a.parse_args()
    tmp = tempfile.mkdtemp(prefix="spark-vs-cli-")
    try:
        for k in range(o.runs):
            cli_out, spark_out = os.path.join(tmp, "cli%d" % k), os.path.join(tmp, "spark%d" % k)
            cw, cs, n = run([os.path.join(root, "bin/strip-steel"), "classify", "--model", o.model,
                             "--tta", o.tta, "--batch", o.batch, "--out", cli_out, o.input])
            sw, ss, m = run([os.path.join(root, "bin/strip-steel-spark"), "--master", o.master,
                             "--model", o.model, "--tta", o.tta, "--batch", o.batch, "--input", o.input,
                             "--out", spark_out, "--format", "csv"])
            print("run %d: %d files; CLI %.1f s wall, %.1f s reported (%.2f files/s); "
                  "Spark %s %.1f s wall, %.1f s reported (%.2f files/s); Spark/CLI throughput "
                  "%.2f reported, %.2f wall; load %s" % (k + 1, n, cw, cs, n / cs, o.master, sw, ss,
                  m / ss, cs / ss, cw / sw, os.getloadavg()), flush=True)
        cli = rows([os.path.join(cli_out, "results.csv")], "file")
        spark = rows(glob.glob(os.path.join(spark_out, "*.csv")), "path")
        assert set(cli) == set(spark), "different files: %s" % (set(cli) ^ set(spark))
        worst = 0.0
        for f, c in cli.items():
            s = spark[f]
            assert c["status"] == s["status"], f
            if c["status"] == "ok":
                assert c["predicted_class"] == s["predicted_class"], f
                worst = max(worst, abs(float(c["confidence"]) - float(s["confidence"])))
        assert worst <= 1e-4, worst
        print("rows equal: %d files, same status and class, largest confidence difference %.2e"
              % (len(cli), worst))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
