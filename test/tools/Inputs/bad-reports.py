"""bad-reports.py DIR: write the malformed reports of affq-report-errors.test
into DIR, each a valid report (good.json) with one thing wrong."""
import copy
import json
import os
import sys

out = sys.argv[1]
array = {"name": "'W'", "file": "w.c", "line": 3, "shape": "4", "kind": "constant", "bits": 8,
         "signed": True, "scheme": "affine", "per_row": False, "scale": 0.5, "zero_point": 0,
         "qmin": -128, "qmax": 127, "bytes_before": 16, "bytes_after": 4,
         "range_from": "initializer",
         "error": {"n": 4, "max_abs": 0.25, "mae": 0.1, "rmse": 0.125, "sqnr_db": None},
         "values": {"edges": [-1, 0, 1], "counts": [2, 2]}}
good = {"schema": "affq-report", "version": 1, "module": "w.c", "quantized": [array],
        "stays_float": [{"name": "'F'", "file": "w.c", "line": 4, "why": "a reason"}]}


def write(name, text):
    with open(os.path.join(out, name), "w" if isinstance(text, str) else "wb") as f:
        f.write(text)


def bad(name, change):
    d = copy.deepcopy(good)
    change(d)
    write(name, json.dumps(d))


write("good.json", json.dumps(good))
write("list.json", "[]")
write("null.json", "null")
write("empty.json", "")
write("deep.json", "[" * 100000 + "]" * 100000)
write("not-utf8.json", json.dumps(good).replace("w.c", "w\xff.c").encode("latin-1"))
write("nan.json", json.dumps(good).replace('"scale": 0.5', '"scale": NaN'))
write("huge.json", json.dumps(good).replace('"scale": 0.5', '"scale": 1e999'))
write("surrogate.json", json.dumps(good).replace("'W'", "\\ud800"))
bad("no-floats.json", lambda d: d.pop("stays_float"))
bad("empty-entry.json", lambda d: d["quantized"].append({}))
bad("shape-number.json", lambda d: d["quantized"][0].update(shape=4))
bad("bits-bool.json", lambda d: d["quantized"][0].update(bits=True))
bad("codes.json", lambda d: d["quantized"][0].update(qmin=-100000))
bad("bytes.json", lambda d: d["quantized"][0].update(bytes_after=None))
bad("error-list.json", lambda d: d["quantized"][0].update(error=[]))
bad("hist.json", lambda d: d["quantized"][0]["values"]["edges"].pop())
bad("line.json", lambda d: d["stays_float"][0].update(line=-1))
bad("floats-null.json", lambda d: d.update(stays_float=None))
loop = {"file": "w.c", "line": 6, "function": "f", "result": "kernel",
        "shape": "dot product", "kernel": "affq_gemm_q8f32", "message": "a reason"}
bad("loops-dict.json", lambda d: d.update(loops={}))
bad("loop-line.json", lambda d: d.update(loops=[loop, dict(loop, line="6")]))
bad("loop-no-result.json", lambda d: d.update(loops=[{k: v for k, v in loop.items() if k != "result"}]))
bad("loop-shape.json", lambda d: d.update(loops=[dict(loop, shape=1)]))
bad("set.json", lambda d: d.update(schema="affq-report-set", modules=[good, {"schema": "x"}]))
