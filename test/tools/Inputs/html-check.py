"""html-check.py PAGE: what an HTML parser builds from an affq-report page,
for affq-report-escape.test: the set of element names, the number of
<script> elements and of on* (event handler) attributes, each card's
data-array attribute, the strings of the
data script's JSON, and every text node outside scripts that holds a '<'
(escaped markup that came through as text)."""
import json
import sys
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.scripts, self.handlers, self.texts, self.cards = set(), 0, 0, [], []
        self.in_script, self.in_data, self.data = False, False, ""

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.scripts += tag == "script"
        self.handlers += sum(k.startswith("on") for k, _ in attrs)
        self.cards += [v for k, v in attrs if k == "data-array"]
        self.in_script = tag in ("script", "style")
        self.in_data = tag == "script" and ("id", "affq-data") in attrs

    def handle_endtag(self, tag):
        self.in_script = self.in_data = False

    def handle_data(self, d):
        if self.in_data:
            self.data += d
        elif "<" in d and not self.in_script:
            self.texts.append(d)


p = Page()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
print("tags:", " ".join(sorted(p.tags)))
print("scripts: %d, event handlers: %d" % (p.scripts, p.handlers))
for c in p.cards:
    print("card:", c)
try:
    for a in json.loads(p.data)["arrays"]:
        print("data:", a["shape"], "|", a["kind"], "|", a["scheme"])
except ValueError:
    print("data: not JSON")
for t in p.texts:
    print("text:", t)
