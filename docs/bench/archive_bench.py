#!/usr/bin/env python3
"""Classifies one folder of many images with each face of the project and prints throughput and
resident memory over the run.

    docs/bench/archive_bench.py --source DIR --count N [--faces network,cli,spark,fiji] [--batch 32]
                                [--model models/neu-cls] [--json FILE]

The folder: N symbolic links, named 00000_<name> ..., to the images under --source taken in turn
(a dataset of 1,800 images gives a folder of 10,000 by reusing each file five or six times; every
file is decoded again, none is cached by the classifier). Each face classifies it into a new output
folder with overlays, the way a user runs it:

- cli:   bin/strip-steel classify --model M --batch B --quiet --out OUT FOLDER
- spark: bin/strip-steel-spark --master local[2] --model M --batch B --input FOLDER --out OUT --format csv
- fiji:  a throw-away Fiji.app made from --fiji-jars (the jars of a Fiji 2.16) with the plugin
         installed by `bin/strip-steel install-fiji`, running Classify Strip Folder from a headless
         macro with batch_size=B

- network: bin/strip-steel bench model --model M --tta none --batch B --repeat 5: the network alone
         (no decoding, no files) at the same batch size, so that each face's images/s is also printed
         as a fraction of the network-only images/s of the same run (list it first)

Each face runs in its own JVM, one after the other. Printed per face: the time it reports itself
(model loaded to last file written), images/s from that, the wall time, and the resident memory of
its JVM (VmRSS of the process, read every second): at each tenth of the run, the peak, and the
growth from the middle of the run to its end in MB per 1,000 images (flat memory: close to 0).
Run it on an otherwise idle machine; the load average is printed beside each row.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
IMAGE = re.compile(r"\.(png|bmp|jpe?g|tiff?|gif)$", re.I)


def make_folder(source, count, folder):
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(source) for f in fs if IMAGE.search(f))
    if not files:
        sys.exit("no image under %s" % source)
    os.makedirs(folder)
    for i in range(count):
        f = files[i % len(files)]
        os.symlink(os.path.abspath(f), os.path.join(folder, "%05d_%s" % (i, os.path.basename(f))))
    return len(files)


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def java_pid(pid):
    """The JVM of a launcher: the process itself (the launchers exec java) or its java child."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as fh:
            if os.path.basename(fh.read().split(b"\0")[0]) == b"java":
                return pid
        with open("/proc/%d/task/%d/children" % (pid, pid)) as fh:
            for c in fh.read().split():
                found = java_pid(int(c))
                if found:
                    return found
    except OSError:
        pass
    return None


def run_sampled(cmd, log, env=None):
    t0 = time.time()
    samples = []
    with open(log, "w") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
        while p.poll() is None:
            j = java_pid(p.pid)
            r = rss_mb(j) if j else None
            if r is not None:
                samples.append((time.time() - t0, r))
            time.sleep(1.0)
    wall = time.time() - t0
    text = open(log).read()
    if p.returncode != 0:
        sys.exit("%s failed (exit %d); its output:\n%s" % (cmd[0], p.returncode, text[-4000:]))
    return wall, samples, text


def memory_summary(samples, wall, count):
    if not samples:
        return {}
    tenths = []
    for k in range(1, 11):
        t = wall * k / 10
        before = [r for s, r in samples if s <= t]
        tenths.append(round(before[-1] if before else samples[0][1]))
    half = [(s, r) for s, r in samples if s >= wall / 2]
    growth = None
    if len(half) >= 2 and wall > 0:
        images = count * (half[-1][0] - half[0][0]) / wall
        growth = (half[-1][1] - half[0][1]) / images * 1000 if images > 0 else None
    return {"rss_mb_by_tenth": tenths, "peak_rss_mb": round(max(r for _, r in samples)),
            "rss_growth_mb_per_1000_images_second_half": growth}


def fiji_app(fiji_jars, tmp):
    app = os.path.join(tmp, "Fiji.app")
    os.makedirs(os.path.join(app, "jars", "bio-formats"))
    for sub in ("", "bio-formats"):
        d = os.path.join(fiji_jars, sub)
        for f in os.listdir(d):
            if f.endswith(".jar"):
                os.symlink(os.path.join(d, f), os.path.join(app, "jars", sub, f))
    subprocess.run([os.path.join(root, "bin/strip-steel"), "install-fiji", app], check=True,
                   stdout=subprocess.DEVNULL)
    return app


def network_only(model, batch, tmp):
    """Network-only images/s at the batch size (median), from bin/strip-steel bench model."""
    report = os.path.join(tmp, "bench-model.json")
    subprocess.run([os.path.join(root, "bin/strip-steel"), "bench", "model", "--model", model,
                    "--tta", "none", "--batch", str(batch), "--repeat", "5", "--json", report],
                   check=True, stdout=subprocess.DEVNULL)
    with open(report) as fh:
        rows = [r for r in json.load(fh)["results"] if r["batch"] == batch]
    return rows[0]["images_per_second_median"]


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--source", required=True)
    a.add_argument("--count", type=int, required=True)
    a.add_argument("--faces", default="cli")
    a.add_argument("--batch", type=int, default=32)
    a.add_argument("--model", default=os.path.join(root, "models/neu-cls"))
    a.add_argument("--fiji-jars", default=os.path.join(root, "..", "shared", "fiji", "jars"))
    a.add_argument("--json")
    o = a.parse_args()
    model = os.path.abspath(o.model)
    tmp = tempfile.mkdtemp(prefix="archive-bench-")
    records = []
    network = None  # network-only images/s of this run, once measured
    try:
        # built before the runs (bin/strip-steel builds on first use), so no build is timed
        subprocess.run([os.path.join(root, "bin/strip-steel"), "info"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        folder = os.path.join(tmp, "images")
        distinct = make_folder(o.source, o.count, folder)
        print("folder: %d images (%d distinct files from %s), batch %d, model %s"
              % (o.count, distinct, o.source, o.batch, model), flush=True)
        for face in o.faces.split(","):
            out = os.path.join(tmp, "out-" + face)
            log = os.path.join(tmp, face + ".log")
            load = os.getloadavg()[0]
            if face == "network":
                network = network_only(model, o.batch, tmp)
                records.append({"face": face, "images_per_second": network, "load_before": load,
                                "load_after": os.getloadavg()[0]})
                print("network-only, batch %d: %.2f images/s (bench model, median); load %.2f -> %.2f"
                      % (o.batch, network, load, os.getloadavg()[0]), flush=True)
                continue
            if face == "cli":
                cmd = [os.path.join(root, "bin/strip-steel"), "classify", "--model", model,
                       "--batch", str(o.batch), "--quiet", "--out", out, folder]
                summary = r"(\d+) files, (\d+) classified[^,]*, (\d+) failed, ([\d.]+) s"
            elif face == "spark":
                cmd = [os.path.join(root, "bin/strip-steel-spark"), "--master", "local[2]", "--model",
                       model, "--batch", str(o.batch), "--input", folder, "--out", out,
                       "--format", "csv"]
                summary = r"(\d+) files, (\d+) classified[^,]*, (\d+) failed, ([\d.]+) s"
            elif face == "fiji":
                app = fiji_app(os.path.abspath(o.fiji_jars), tmp)
                macro = os.path.join(tmp, "folder.ijm")
                with open(macro, "w") as fh:
                    fh.write('run("Classify Strip Folder", "input_folder=[%s] output_folder=[%s] '
                             'model=[%s] batch_size=%d top_k=3 device=cpu");\n'
                             % (folder, out, model, o.batch))
                prefs = tempfile.mkdtemp(dir=tmp)
                cmd = ["java", "-Djava.awt.headless=true", "--add-opens",
                       "java.base/java.lang=ALL-UNNAMED", "-Dimagej.dir=" + app,
                       "-Djava.util.prefs.userRoot=" + prefs, "-cp",
                       "%s/jars/*:%s/jars/bio-formats/*" % (app, app), "net.imagej.Main",
                       "--headless", "-batch", macro]
                summary = r"(\d+) files: (\d+) classified or reused[^,]*, (\d+) failed, ([\d.]+) s"
            else:
                sys.exit("unknown face %s (network, cli, spark, fiji)" % face)
            wall, samples, text = run_sampled(cmd, log)
            m = re.search(summary, text)
            if not m:
                sys.exit("no summary line from %s; its output:\n%s" % (face, text[-4000:]))
            n, failed, seconds = int(m.group(1)), int(m.group(3)), float(m.group(4))
            rec = {"face": face, "images": n, "failed": failed, "reported_s": seconds,
                   "images_per_second": n / seconds, "wall_s": wall, "load_before": load,
                   "load_after": os.getloadavg()[0]}
            rec.update(memory_summary(samples, wall, n))
            if network:
                rec["fraction_of_network_only"] = n / seconds / network
            records.append(rec)
            print("%-5s %d images (%d failed): %.1f s reported, %.2f images/s, %.1f s wall; "
                  "RSS MB by tenth %s, peak %s, growth over the second half %s MB/1000 images; "
                  "load %.2f -> %.2f%s" % (face, n, failed, seconds, n / seconds, wall,
                                          rec.get("rss_mb_by_tenth"), rec.get("peak_rss_mb"),
                                          "%.1f" % rec["rss_growth_mb_per_1000_images_second_half"]
                                          if rec.get("rss_growth_mb_per_1000_images_second_half")
                                          is not None else "n/a", load, rec["load_after"],
                                          "; %.2f of network-only" % rec["fraction_of_network_only"]
                                          if network else ""),
                  flush=True)
            shutil.rmtree(out, ignore_errors=True)
        if o.json:
            with open(o.json, "w") as fh:
                json.dump({"count": o.count, "batch": o.batch, "model": model,
                           "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                           "cpus": os.cpu_count(), "results": records}, fh, indent=1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
