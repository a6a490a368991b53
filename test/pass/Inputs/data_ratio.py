"""data_ratio.py FLOAT_SIZES AFFQ_SIZES: the data sections (.rodata*,
.data*, .bss*) of two `llvm-size -A` listings, and whether the affq object's
data is at least 3.99x smaller."""
import sys


def data_bytes(path):
    total = 0
    for line in open(path):
        parts = line.split()
        if len(parts) >= 2 and parts[0].startswith((".rodata", ".data", ".bss")) and parts[1].isdigit():
            total += int(parts[1])
    return total


f, q = data_bytes(sys.argv[1]), data_bytes(sys.argv[2])
print("data bytes: float %d, affq %d" % (f, q))
print("ratio %.4f" % (f / q if q else float("inf")))
print("ratio ok" if q and f / q >= 3.99 else "ratio too small")
