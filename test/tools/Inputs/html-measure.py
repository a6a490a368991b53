"""html-measure.py PAGE OUT: PAGE, an affq-report page, with one more
script at its end, for affq-report-html.test.  Run in a browser after the
page's own script has drawn the plots, it writes what it measured into a
<pre id="measured"> (read back with chromium --dump-dom):
  "N labels, M clipped": the <text> elements of the plots, and how many
      of them reach outside their <svg>'s viewBox (which cuts them off),
      then one "clipped: TEXT" line for each;
  "card NAME: FIGURES | ERRORS": each card's error figures line and what
      its error plot shows ("histogram", or its text)."""
import sys

MEASURE = r"""<script>
(function () {
  const lines = [];
  let labels = 0, clipped = [];
  document.querySelectorAll('svg.hist').forEach(svg => {
    const vb = svg.viewBox.baseVal;
    svg.querySelectorAll('text').forEach(t => {
      const b = t.getBBox();
      labels++;
      if (b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width ||
          b.y + b.height > vb.y + vb.height)
        clipped.push('clipped: ' + t.textContent);
    });
  });
  lines.push(labels + ' labels, ' + clipped.length + ' clipped', ...clipped);
  document.querySelectorAll('.card').forEach(c => {
    const f = c.querySelector('.figures'), e = c.querySelector('.errors');
    lines.push('card ' + c.getAttribute('data-array') + ': ' + (f ? f.textContent : '-') + ' | ' +
               (e.querySelector('svg') ? 'histogram' : e.textContent));
  });
  const pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = '\n' + lines.join('\n') + '\n';
  document.body.appendChild(pre);
})();
</script>"""

page = open(sys.argv[1], encoding="utf-8").read()
assert page.count("</body>") == 1
open(sys.argv[2], "w", encoding="utf-8").write(page.replace("</body>", MEASURE + "</body>"))
