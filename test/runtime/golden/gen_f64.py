#!/usr/bin/python3
"""Make test/runtime/golden/f64.txt, the golden vectors of the double API.

Run by hand once (/usr/bin/python3 test/runtime/golden/gen_f64.py > \
test/runtime/golden/f64.txt); the output is committed and the test suite
never runs this.  Everything is computed here from affq's definitions
(docs/math.md, "Double") with Python's own float, which is IEEE double with
one rounding per operation and no FMA, and with exact integers for
roundeven: an implementation that shares no code with the runtime.  numpy
(python3-numpy), when present, recomputes the codes and dequantized values
in float64 as a second check.

Lines (doubles as float.hex(), floats as float.hex() of their value):
  q S Z QMIN QMAX X Q XD           affq_quantize_value_f64(X) = Q,
                                   affq_dequantize_value_f64(Q) = XD
  dot S Z QMIN QMAX N C*N X*N OUT  affq_dot_q8f64
  gemv PER_ROW ROWS COLS (S Z QMIN QMAX)*(ROWS or 1) C*(ROWS*COLS) X*COLS Y*ROWS
  range N X*N LO HI                affq_choose_qparams_f64(X) =
                                   affq_choose_qparams(LO, HI), LO and HI
                                   the bounds rounded outward to float;
                                   LO = "empty" when every X is NaN
"""
import math
import random
import struct
import sys

rng = random.Random(20261207)
LANES = 32
out = sys.stdout


def f32(v):
    """The float32 nearest v (v within float range)."""
    return struct.unpack("<f", struct.pack("<f", v))[0]


def f32_bits(v):
    return struct.unpack("<I", struct.pack("<f", v))[0]


def f32_from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


FLT_MAX = f32_from_bits(0x7F7FFFFF)
DBL_MAX = sys.float_info.max
DBL_TRUE_MIN = 5e-324


def f32_next(f, up):
    """The next float32 after f toward +inf (up) or -inf."""
    if f == 0.0:
        return f32_from_bits(1) if up else -f32_from_bits(1)
    b = f32_bits(f)
    if (f > 0) == up:
        b += 1
    else:
        b -= 1
    return f32_from_bits(b)


def f32_down(v):
    """The largest float32 <= v (v a number)."""
    if v > FLT_MAX:
        return FLT_MAX
    if v < -FLT_MAX:
        return -math.inf
    f = f32(v)
    return f32_next(f, False) if f > v else f


def f32_up(v):
    if v > FLT_MAX:
        return math.inf
    if v < -FLT_MAX:
        return -FLT_MAX
    f = f32(v)
    return f32_next(f, True) if f < v else f


def quantize(x, s, z, qmin, qmax):
    """clamp(roundeven(x / s) + z, qmin, qmax): Python's x / s is the one
    correctly rounded double quotient; round() of a float rounds half to
    even, exactly, into an int; the add and the clamp are exact."""
    if math.isnan(x):
        return z
    r = x / s
    if math.isinf(r):
        return qmax if r > 0 else qmin
    return min(max(round(r) + z, qmin), qmax)


def dequantize(q, s, z):
    return float(q - z) * s


def dot(codes, z, x, s):
    """(double)s * sum (q - z) x in the lane order: lane i % 32, then the
    pairwise tree lane[j] += lane[j + w], w = 16, 8, 4, 2, 1."""
    lane = [0.0] * LANES
    for i, (c, v) in enumerate(zip(codes, x)):
        lane[i % LANES] += float(c - z) * v
    w = LANES // 2
    while w >= 1:
        for j in range(w):
            lane[j] += lane[j + w]
        w //= 2
    return s * lane[0]


def h(v):
    return float.hex(float(v))


def code_range(bits, signed):
    return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)


def random_params(bits, signed, symmetric):
    qmin, qmax = code_range(bits, signed)
    s = f32(10.0 ** rng.uniform(-6, 3))
    if symmetric:
        z = 0 if signed else 1 << (bits - 1)
    else:
        z = rng.choice([qmin, qmax, rng.randint(qmin, qmax)])
    return s, z, qmin, qmax


def ties_where_reciprocal_differs(s, qmin, qmax, z, limit):
    """Exact ties x = (k + 0.5) s whose x * (1/s) rounds the other way."""
    found = []
    inv = 1.0 / s
    for k in range(qmin - z - 1, qmax - z + 1):
        x = (k + 0.5) * s
        if round(x / s) != round(x * inv):
            found.append(x)
            if len(found) == limit:
                break
    return found


def values(s, z, qmin, qmax):
    lo, hi = (qmin - z) * s, (qmax - z) * s
    xs = [math.nan, -math.nan, math.inf, -math.inf, 0.0, -0.0, DBL_MAX, -DBL_MAX, 1e300, -1e300,
          3.5e38, -3.5e38, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1e-310, -2.5e-320, 2.2250738585072014e-308]
    xs += [rng.uniform(lo, hi) for _ in range(8)]
    xs += [rng.uniform(lo - 4 * (hi - lo), hi + 4 * (hi - lo)) for _ in range(3)]
    for _ in range(6):
        k = rng.randint(qmin - z - 2, qmax - z + 1)
        t = (k + 0.5) * s  # exact: 10 bits times 24 bits
        xs += [t, math.nextafter(t, math.inf), math.nextafter(t, -math.inf), k * s]
    for end in (qmin - z, qmax - z):  # half a step either side of each end
        for d in (-0.5, 0.5):
            t = (end + d) * s
            xs += [t, math.nextafter(t, math.inf), math.nextafter(t, -math.inf)]
    xs += ties_where_reciprocal_differs(s, qmin, qmax, z, 3)
    return xs


def numpy_check(rows):
    try:
        import numpy as np
    except ImportError:
        return "numpy not found: codes checked by Python alone"
    s = np.array([r[0] for r in rows], dtype=np.float64)
    z = np.array([r[1] for r in rows], dtype=np.float64)
    lo = np.array([r[2] for r in rows], dtype=np.float64)
    hi = np.array([r[3] for r in rows], dtype=np.float64)
    x = np.array([r[4] for r in rows], dtype=np.float64)
    with np.errstate(all="ignore"):
        q = np.clip(np.rint(x / s) + z, lo, hi)
    q = np.where(np.isnan(x), z, q)
    want_q = np.array([r[5] for r in rows], dtype=np.float64)
    assert np.array_equal(q, want_q), "numpy disagrees on a code"
    xd = (q - z) * s
    want_xd = np.array([r[6] for r in rows], dtype=np.float64)
    assert np.array_equal(xd, want_xd), "numpy disagrees on a dequantized value"
    return "numpy %s float64 agrees on all %d codes and dequantized values" % (np.__version__, len(rows))


def main():
    qrows = []
    for bits in range(2, 9):
        for signed in (1, 0):
            for symmetric in (0, 1):
                for _ in range(3):
                    s, z, qmin, qmax = random_params(bits, signed, symmetric)
                    for x in values(s, z, qmin, qmax):
                        q = quantize(x, s, z, qmin, qmax)
                        qrows.append((s, z, qmin, qmax, x, q, dequantize(q, s, z)))
    note = numpy_check(qrows)
    print("# generated by test/runtime/golden/gen_f64.py (Python %s); %s"
          % (sys.version.split()[0], note))
    print("# q S Z QMIN QMAX X Q XD | dot S Z QMIN QMAX N C.. X.. OUT | "
          "gemv PER_ROW ROWS COLS (S Z QMIN QMAX).. C.. X.. Y.. | range N X.. LO HI")
    for r in qrows:
        print("q %s %d %d %d %s %d %s" % (h(r[0]), r[1], r[2], r[3], h(r[4]), r[5], h(r[6])))

    def xvec(n, kind):
        if kind == "wide":  # magnitudes 1e-8..1e8: the order of the sum shows
            return [rng.choice((-1, 1)) * rng.random() * 10.0 ** rng.uniform(-8, 8) for _ in range(n)]
        if kind == "special":
            v = [rng.uniform(-2, 2) for _ in range(n)]
            for i in range(0, n, 7):
                v[i] = rng.choice([math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324])
            return v
        return [rng.uniform(-2, 2) for _ in range(n)]

    for n in (0, 1, 2, 31, 32, 33, 63, 64, 65, 97, 1007):
        for case in range(4):
            signed, symmetric = case & 1, case >> 1
            for kind in ("wide", "uniform", "special") if n in (33, 97) else ("wide",):
                s, z, qmin, qmax = random_params(rng.randint(2, 8), signed, symmetric)
                codes = [rng.randint(qmin, qmax) for _ in range(n)]
                x = xvec(n, kind)
                print("dot %s %d %d %d %d %s %s %s" % (
                    h(s), z, qmin, qmax, n, " ".join(str(c) for c in codes),
                    " ".join(h(v) for v in x), h(dot(codes, z, x, s))))

    for rows, cols in ((1, 1), (3, 0), (7, 33), (5, 100), (4, 1007), (33, 31)):
        for per_row in (0, 1):
            for signed in (1, 0):
                params = [random_params(8, signed, rng.randint(0, 1)) for _ in range(rows if per_row else 1)]
                w = [[rng.randint(params[0][2], params[0][3]) for _ in range(cols)] for _ in range(rows)]
                x = xvec(cols, "wide")
                y = [dot(w[r], params[r if per_row else 0][1], x, params[r if per_row else 0][0])
                     for r in range(rows)]
                print("gemv %d %d %d %s %s %s %s" % (
                    per_row, rows, cols,
                    " ".join("%s %d %d %d" % (h(p[0]), p[1], p[2], p[3]) for p in params),
                    " ".join(str(c) for row in w for c in row), " ".join(h(v) for v in x),
                    " ".join(h(v) for v in y)))

    ranges = [[0.1, 0.3], [-0.1, 0.1], [0.5, -0.5], [1e-310, -1e-310], [DBL_TRUE_MIN],
              [1e300, 0.0], [-1e300], [FLT_MAX * (1 + 2.0 ** -30)], [FLT_MAX], [-FLT_MAX, FLT_MAX],
              [math.nan, 2.0, math.nan, -3.0], [math.nan, math.nan], [math.inf, 1.0], [-0.0],
              [-0.0, 0.0], [1.0 / 3.0, 2.0 / 3.0], [-7.000000000000001, 7.000000000000001]]
    for _ in range(20):
        mag = 10.0 ** rng.uniform(-40, 40)
        ranges.append([rng.uniform(-mag, mag) for _ in range(rng.randint(1, 40))])
    for xs in ranges:
        vals = [v for v in xs if not math.isnan(v)]
        if not vals:
            bounds = "empty empty"
        else:
            lo, hi = min(vals), max(vals)
            lo = 0.0 if lo == 0 else lo  # affq_minmax_f64 gives +0.0 for a zero
            hi = 0.0 if hi == 0 else hi
            lo = f32_down(lo) if not math.isinf(lo) else lo
            hi = f32_up(hi) if not math.isinf(hi) else hi
            bounds = "%s %s" % (h(lo), h(hi))
        print("range %d %s %s" % (len(xs), " ".join(h(v) for v in xs), bounds))


main()
