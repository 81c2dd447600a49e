// report.html's excerpt browser: inlined, minified, at build time (see inline.mjs).
// Filters and renders excerpts with DOM text nodes only: transcript text is never parsed as HTML.
const data = JSON.parse(document.getElementById('data').textContent);
const theme = document.getElementById('theme');
const persp = document.getElementById('perspective');
const search = document.getElementById('search');
const list = document.getElementById('excerpts');
const count = document.getElementById('count');
const PAGE = 200;
let shown = PAGE;

function matches(e) {
  return (
    (!theme.value || e.t === theme.value) && (!persp.value || e.p === persp.value) && (!search.value || e.x.toLowerCase().includes(search.value.toLowerCase()))
  );
}

/** Appends `text` to `li`, each occurrence of a matched term in a <mark>. */
function highlight(li, text, terms) {
  const lower = text.toLowerCase();
  const spans = [];
  for (const term of terms) {
    if (!term) continue;
    let i = lower.indexOf(term);
    while (i >= 0) {
      spans.push([i, i + term.length]);
      i = lower.indexOf(term, i + term.length);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) continue;
    li.append(document.createTextNode(text.slice(at, s)));
    const m = document.createElement('mark');
    m.textContent = text.slice(s, e);
    li.append(m);
    at = e;
  }
  li.append(document.createTextNode(text.slice(at)));
}

function render() {
  const found = data.segments.filter(matches);
  list.replaceChildren();
  for (const e of found.slice(0, shown)) {
    const li = document.createElement('li');
    const who = document.createElement('div');
    who.className = 'who';
    who.textContent = e.s + (e.sp ? ' · ' + e.sp : '') + ' · ' + e.p;
    for (const [id, label] of e.c) {
      const chip = document.createElement('span');
      chip.className = id === theme.value ? 'chip on' : 'chip';
      chip.textContent = label;
      who.append(chip);
    }
    li.append(who);
    const body = document.createElement('div');
    // The words matched for the theme chosen, or for all the segment's themes.
    const terms = e.c.filter((c) => !theme.value || c[0] === theme.value).flatMap((c) => c[2].split('; '));
    highlight(
      body,
      e.x,
      terms.map((s) => s.toLowerCase()),
    );
    li.append(body);
    list.append(li);
  }
  count.textContent =
    found.length +
    ' segment' +
    (found.length === 1 ? '' : 's') +
    (found.length > shown ? ' (showing ' + shown + ')' : '') +
    (data.omitted ? ' — ' + data.omitted + ' more excerpts not embedded in this report' : '');
  document.getElementById('more').hidden = found.length <= shown;
}

for (const el of [theme, persp, search])
  el.addEventListener('input', () => {
    shown = PAGE;
    render();
  });
document.getElementById('more').addEventListener('click', () => {
  shown += PAGE;
  render();
});
render();
