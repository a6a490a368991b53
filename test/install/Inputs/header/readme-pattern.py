"""readme-pattern.py README.md: print the __has_include pattern that README.md
shows (its C block that starts with "#if defined(__has_include)"), so the
test builds the documented lines themselves."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"```c\n(#if defined\(__has_include\)\n.*?)```", text, re.S)
if not m:
    sys.exit("readme-pattern.py: no __has_include pattern in %s" % sys.argv[1])
sys.stdout.write(m.group(1))
