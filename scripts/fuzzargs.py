"""fuzzargs.py - the command line the differential fuzzers share
(progfuzz.py, loopfuzz.py): which compiler, plugin, runtime and headers to
test, how many programs from which seed, and where to keep failures."""
import argparse


def parser(doc):
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--clang", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--runtime", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", default=None)
    return ap
