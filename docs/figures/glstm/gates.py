import json, math, struct, sys, os
# For each run folder: the g-LSTM's centres mu and widths sigma = softplus(rho), in steps (x U).
print("| model | μ min | μ median | μ max (steps) | σ median (steps) | σ max |")
print("|---|--:|--:|--:|--:|--:|")
for run in sys.argv[1:]:
    c = json.load(open(os.path.join(run, "config.json")))
    U = float(c.get("cell_options", {}).get("gate_time_unit", 1))
    blocks = {}
    for line in open(os.path.join(run, "params-layout.tsv")).read().splitlines()[1:]:
        name, off, shape = line.split("\t")[:3]
        blocks[name] = (int(off), int(shape.strip("[]").split(",")[0]))
    raw = open(os.path.join(run, "params.bin"), "rb").read()
    n = struct.unpack(">i", raw[12:16])[0]
    w = struct.unpack("<%df" % n, raw[16:16 + 4 * n])
    o, h = blocks["layer0.mu"]; mu = sorted(U * w[o + j] for j in range(h))
    o, h = blocks["layer0.rho"]
    sp = lambda r: r + math.log1p(math.exp(-r)) if r > 0 else math.log1p(math.exp(r))
    sg = sorted(U * sp(w[o + j]) for j in range(h))
    print(f"| {c.get('comparison_model', os.path.basename(run.rstrip('/')))} | {mu[0]:.3g} | {mu[h // 2]:.3g} | {mu[-1]:.3g} | {sg[h // 2]:.3g} | {sg[-1]:.3g} |")
