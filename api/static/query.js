(function () {
  const data = JSON.parse(document.getElementById('qp-data').textContent);
  const q = document.getElementById('query');
  const status = document.getElementById('status');
  const results = document.getElementById('results');
  function link(fmt) { return '/sparql?format=' + fmt + '&query=' + encodeURIComponent(q.value); }
  function refreshLinks() {
    document.getElementById('dl-csv').href = link('csv');
    document.getElementById('dl-json').href = link('json');
  }
  // A link only for http(s), mailto or our own pages, decided on the parsed URL.
  function safeHref(value) {
    try {
      const url = new URL(value, location.href);
      return ['http:', 'https:', 'mailto:'].includes(url.protocol);
    } catch (e) { return false; }
  }
  function cell(term) {
    const td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      const target = term.value.startsWith(data.base) ? '/' + term.value.slice(data.base.length) : term.value;
      if (safeHref(target)) {
        const a = document.createElement('a');
        a.textContent = term.value;
        a.href = target;
        td.appendChild(a);
      } else {
        td.textContent = term.value;  // javascript:, data: … never become links
      }
    } else {
      td.textContent = term.value + (term['xml:lang'] ? ' @' + term['xml:lang'] : '');
      if (term.datatype && /integer|decimal|double/.test(term.datatype)) td.className = 'num';
    }
    return td;
  }
  async function run() {
    const text = q.value;
    history.replaceState(null, '', '/query?query=' + encodeURIComponent(text));
    refreshLinks();
    status.textContent = 'running…';
    results.innerHTML = '';
    const t0 = performance.now();
    let resp;
    try {
      resp = await fetch('/sparql', { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded',
                   'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
        body: new URLSearchParams({ query: text }) });
    } catch (e) { status.textContent = ''; results.innerHTML = '<p class="error"></p>';
      results.firstChild.textContent = String(e); return; }
    const ms = Math.round(performance.now() - t0);
    const ctype = resp.headers.get('content-type') || '';
    if (!resp.ok) {
      const body = await resp.text();
      let msg = body; try { msg = JSON.parse(body).message; } catch (e) {}
      status.textContent = resp.status + ' · ' + ms + ' ms';
      const p = document.createElement('p'); p.className = 'error'; p.textContent = msg;
      results.appendChild(p); return;
    }
    if (ctype.startsWith('application/sparql-results+json')) {
      const json = await resp.json();
      if ('boolean' in json) { status.textContent = 'ASK → ' + json.boolean + ' · ' + ms + ' ms'; return; }
      const vars = json.head.vars, rows = json.results.bindings;
      const table = document.createElement('table'); table.id = 'result-table';
      const hr = table.insertRow();
      vars.forEach(v => { const th = document.createElement('th'); th.textContent = v; hr.appendChild(th); });
      rows.forEach(b => { const tr = table.insertRow(); vars.forEach(v => tr.appendChild(cell(b[v]))); });
      results.appendChild(table);
      const cut = resp.headers.get('x-innograph-truncated') ? ' (truncated at the row limit)' : '';
      status.textContent = rows.length + ' row(s) · ' + ms + ' ms' + cut;
    } else {
      const pre = document.createElement('pre'); pre.textContent = await resp.text();
      results.appendChild(pre); status.textContent = ms + ' ms';
    }
  }
  document.getElementById('qform').addEventListener('submit', e => { e.preventDefault(); run(); });
  document.querySelectorAll('button.example').forEach(b => b.addEventListener('click', () => {
    q.value = data.prefixes + '\n' + data.examples[+b.dataset.index]; run();
  }));
  refreshLinks();
  if (new URLSearchParams(location.search).has('query')) run();
})();
