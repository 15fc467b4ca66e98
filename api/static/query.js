// The query editor: YASGUI's Yasqe for editing, innograph's own result views (table with labels,
// sorting and paging; bar chart; raw response), downloads of every result kind, short share links.
// Nothing is fetched from anywhere but this server.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('qp-data').textContent);
  const ui = data.ui;
  const $ = id => document.getElementById(id);
  const status = $('status'), results = $('results');
  const PAGE = 50;
  const NUMERIC = /#(integer|decimal|double|float|long|int|short|nonNegativeInteger|positiveInteger)$/;
  const fmt = (text, values) => text.replace(/\{(\w)\}/g, (_, k) => String(values[k]));
  const lang = document.documentElement.lang || 'en';
  const numberFormat = new Intl.NumberFormat(lang === 'de' ? 'de-DE' : 'en-GB');

  // ---- labels of entities (one request per page, also feeding name completion) ----
  let labels = {};
  const labelsReady = fetch('/api/labels?lang=' + encodeURIComponent(lang))
    .then(r => (r.ok ? r.json() : { labels: {} }))
    .then(body => { labels = body.labels || {}; return labels; })
    .catch(() => labels);

  // ---- the editor ----
  const Yasqe = Yasgui.Yasqe;
  const kinds = new Set(data.kinds);
  function prefixedCompleter(name, base, list, valid) {
    return Object.assign({}, base, {
      name: name, bulk: true, autoShow: false, persistenceId: undefined,
      get: () => Promise.resolve(list()),
      isValidCompletionPosition: valid || base.isValidCompletionPosition,
    });
  }
  // class and property completion from this graph's own terms, not from LOV
  Yasqe.registerAutocompleter(prefixedCompleter('class', Yasqe.Autocompleters.class,
    () => data.terms['class']));
  Yasqe.registerAutocompleter(prefixedCompleter('property', Yasqe.Autocompleters.property,
    () => data.terms.property));
  // entity names after a kind prefix: cluster:op… → cluster:optik
  Yasqe.registerAutocompleter({
    name: 'entity', bulk: true, autoShow: true, persistenceId: undefined,
    get: () => labelsReady.then(l => Object.keys(l)),
    isValidCompletionPosition: yasqe => {
      const s = yasqe.getCompleteToken().string;
      const i = s.indexOf(':');
      return i > 0 && kinds.has(s.slice(0, i));
    },
    preProcessToken: (yasqe, token) => {
      const i = token.string.indexOf(':');
      const prefix = token.string.slice(0, i);
      token.autocompletionString = data.idBase + prefix + '/' + token.string.slice(i + 1);
      token.tokenPrefix = prefix + ':';
      token.tokenPrefixUri = data.idBase + prefix + '/';
      return token;
    },
    postProcessSuggestion: (yasqe, token, suggestion) =>
      token.tokenPrefix + suggestion.slice(token.tokenPrefixUri.length),
    postprocessHints: (yasqe, hints) => hints.map(h => {
      const iri = data.idBase + h.text.replace(':', '/');
      return Object.assign(h, { displayText: h.text + (labels[iri] ? ' — ' + labels[iri] : '') });
    }),
  });
  Yasqe.defaults.autocompleters = ['prefixes', 'variables', 'class', 'property', 'entity'];
  const yasqe = new Yasqe($('editor'), {
    value: data.initial,
    persistenceId: null,            // a shared link must open what it names, not a stored query
    prefixCcApi: '/api/prefixes',   // prefix completion from this server
    collapsePrefixesOnLoad: true,
    showQueryButton: false,
    resizeable: true,
    editorHeight: '260px',
    createShareableLink: null,
    requestConfig: { endpoint: '/sparql', method: 'POST' },
  });
  yasqe.getInputField().setAttribute('aria-label', ui['SPARQL query']);  // CodeMirror's own field
  yasqe.setOption('extraKeys', Object.assign({}, yasqe.getOption('extraKeys'), {
    'Ctrl-Enter': () => run(), 'Cmd-Enter': () => run(),
  }));
  const query = () => yasqe.getValue();
  // Declare, at the top, every known prefix the query uses but does not declare; which names are
  // prefixed is read from the editor's own SPARQL tokens, not guessed from the text.
  function declareUsedPrefixes() {
    const declared = yasqe.getPrefixesFromQuery();
    const missing = {};
    for (let line = 0; line < yasqe.lineCount(); line++) {
      yasqe.getLineTokens(line).forEach(t => {
        const i = t.string.indexOf(':');
        if (t.type !== 'string-2' || i < 0) return;
        const p = t.string.slice(0, i);
        if (!(p in declared) && data.prefixMap[p]) missing[p] = data.prefixMap[p];
      });
    }
    if (Object.keys(missing).length) yasqe.addPrefixes(missing);
  }
  function setQuery(text) {
    yasqe.setValue(text);
    declareUsedPrefixes();
    yasqe.collapsePrefixes(true);
  }
  declareUsedPrefixes();

  // ---- result cells ----
  // A link only for http(s), mailto or our own pages, decided on the parsed URL.
  function safeHref(value) {
    try { return ['http:', 'https:', 'mailto:'].includes(new URL(value, location.href).protocol); }
    catch (e) { return false; }
  }
  function compact(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(data.prefixMap)) {
      if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    return best ? best[0] + ':' + iri.slice(best[1].length) : iri;
  }
  function sortKey(term) {
    if (!term) return [2, ''];
    if (term.datatype && NUMERIC.test(term.datatype)) return [0, Number(term.value)];
    return [1, (term.type === 'uri' ? labels[term.value] || compact(term.value) : term.value).toLocaleLowerCase(lang)];
  }
  // Our own IRI's page on this site, or null. Built segment by segment, as the server's page_path
  // builds it: '%' and '?' (and in /id/ '#') stay in the path; a '.' or '..' segment (plain or
  // percent-encoded: browsers decode it), a backslash or an empty first segment ('//host') would
  // lead elsewhere, so no link; the result must stay on this origin.
  function ownPage(iri) {
    const rest = iri.slice(data.base.length);
    const own = iri.startsWith(data.idBase);
    const cut = own ? rest.length : rest.search(/[#]/) < 0 ? rest.length : rest.search(/[#]/);
    const segments = rest.slice(0, cut).split('/');
    if (!segments[0] || rest.includes('\\') || segments.some(x => /^(\.|%2e){1,2}$/i.test(x))) return null;
    const path = '/' + segments.map(x => x.replace(/%/g, '%25').replace(/\?/g, '%3F').replace(/#/g, '%23')).join('/');
    const local = path + rest.slice(cut);
    try { return new URL(local, location.origin).origin === location.origin ? local : null; }
    catch (e) { return null; }
  }
  function cell(term) {
    const td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      const local = term.value.startsWith(data.base) ? ownPage(term.value) : term.value;
      const text = labels[term.value] || compact(term.value);
      if (local && safeHref(local)) {
        const a = document.createElement('a');
        a.textContent = text; a.href = local; a.title = term.value;
        td.appendChild(a);
      } else {
        td.textContent = text;  // javascript:, data: … never become links
      }
    } else if (term.datatype && NUMERIC.test(term.datatype) && isFinite(Number(term.value))) {
      td.textContent = numberFormat.format(Number(term.value)); td.className = 'num';
      td.title = term.value;
    } else {
      td.textContent = term.value;
      if (term['xml:lang']) {
        const tag = document.createElement('span');
        tag.className = 'lang-tag'; tag.textContent = term['xml:lang'];
        td.append(' ', tag);
      }
    }
    return td;
  }

  // ---- views ----
  let current = null;  // {vars, rows, kind, raw, ctype, truncated}
  let view = 'table', sortBy = null, sortDir = 1, page = 0;
  function tableView(box) {
    const { vars, rows } = current;
    if (!rows.length) { const p = document.createElement('p'); p.textContent = ui['No rows.']; box.appendChild(p); return; }
    let ordered = rows;
    if (sortBy !== null) {
      ordered = rows.slice().sort((a, b) => {
        const x = sortKey(a[sortBy]), y = sortKey(b[sortBy]);
        return sortDir * (x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
      });
    }
    const wrap = document.createElement('div'); wrap.className = 'table-wrap';
    const table = document.createElement('table'); table.id = 'result-table';
    const head = table.createTHead().insertRow();
    vars.forEach(v => {
      const th = document.createElement('th'); th.scope = 'col';
      const b = document.createElement('button'); b.type = 'button'; b.className = 'sort';
      b.textContent = v + (sortBy === v ? (sortDir > 0 ? ' ▲' : ' ▼') : '');
      b.title = fmt(ui['Sort by {v}'], { v: v });
      th.setAttribute('aria-sort', sortBy === v ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      b.addEventListener('click', () => { sortDir = sortBy === v ? -sortDir : 1; sortBy = v; page = 0; draw(); });
      th.appendChild(b); head.appendChild(th);
    });
    const body = table.createTBody();
    ordered.slice(page * PAGE, (page + 1) * PAGE).forEach(b => {
      const tr = body.insertRow(); vars.forEach(v => tr.appendChild(cell(b[v])));
    });
    wrap.appendChild(table); box.appendChild(wrap);
    if (rows.length > PAGE) {
      const nav = document.createElement('nav'); nav.className = 'pager';
      const prev = document.createElement('button'); prev.type = 'button'; prev.textContent = '‹ ' + ui.previous;
      const next = document.createElement('button'); next.type = 'button'; next.textContent = ui.next + ' ›';
      prev.disabled = page === 0; next.disabled = (page + 1) * PAGE >= rows.length;
      prev.addEventListener('click', () => { page--; draw(); });
      next.addEventListener('click', () => { page++; draw(); });
      const where = document.createElement('span');
      where.textContent = fmt(ui['rows {a}–{b} of {n}'],
        { a: page * PAGE + 1, b: Math.min(rows.length, (page + 1) * PAGE), n: rows.length });
      nav.append(prev, where, next); box.appendChild(nav);
    }
  }
  function chartColumns() {
    const { vars, rows } = current;
    const numeric = vars.find(v => rows.length && rows.every(r => !r[v] || (r[v].datatype && NUMERIC.test(r[v].datatype))) && rows.some(r => r[v]));
    const label = vars.find(v => v !== numeric);
    return numeric ? { numeric, label } : null;
  }
  function chartView(box) {
    const cols = chartColumns();
    if (!cols) { const p = document.createElement('p'); p.textContent = ui['A chart needs a column of numbers.']; box.appendChild(p); return; }
    const rows = current.rows.filter(r => r[cols.numeric]).slice(0, 40);
    const values = rows.map(r => Number(r[cols.numeric].value));
    const max = Math.max(...values.map(Math.abs), 1);
    const NS = 'http://www.w3.org/2000/svg', bar = 22, left = 260, width = 820;
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${rows.length * bar + 10}`);
    svg.setAttribute('role', 'img'); svg.setAttribute('id', 'result-chart');
    svg.setAttribute('aria-label', cols.numeric + (cols.label ? ' / ' + cols.label : ''));
    rows.forEach((r, i) => {
      const y = i * bar + 5, v = values[i];
      const name = cols.label && r[cols.label]
        ? (r[cols.label].type === 'uri' ? labels[r[cols.label].value] || compact(r[cols.label].value) : r[cols.label].value)
        : String(i + 1);
      const t = document.createElementNS(NS, 'text');
      t.setAttribute('x', left - 8); t.setAttribute('y', y + bar * 0.65); t.setAttribute('text-anchor', 'end');
      t.textContent = name.length > 38 ? name.slice(0, 37) + '…' : name;
      const rect = document.createElementNS(NS, 'rect');
      const w = Math.max(1, Math.abs(v) / max * (width - left - 90));
      rect.setAttribute('x', left); rect.setAttribute('y', y + 3); rect.setAttribute('height', bar - 6);
      rect.setAttribute('width', w); rect.setAttribute('class', 'bar');
      const title = document.createElementNS(NS, 'title'); title.textContent = name + ': ' + numberFormat.format(v);
      rect.appendChild(title);
      const val = document.createElementNS(NS, 'text');
      val.setAttribute('x', left + w + 6); val.setAttribute('y', y + bar * 0.65);
      val.textContent = numberFormat.format(v);
      svg.append(t, rect, val);
    });
    box.appendChild(svg);
  }
  function rawView(box) {
    const pre = document.createElement('pre'); pre.className = 'raw'; pre.textContent = current.raw; box.appendChild(pre);
  }
  const VIEWS = { table: [ui.Table, tableView], chart: [ui.Chart, chartView], raw: [ui.Response, rawView] };
  function draw() {
    results.textContent = '';
    if (!current) return;
    if (current.kind !== 'rows') { view = 'raw'; }
    const tabs = document.createElement('div'); tabs.className = 'views'; tabs.setAttribute('role', 'tablist');
    Object.entries(VIEWS).forEach(([key, [label]]) => {
      if (current.kind !== 'rows' && key !== 'raw') return;
      if (key === 'chart' && !chartColumns()) return;
      const b = document.createElement('button'); b.type = 'button'; b.textContent = label;
      b.setAttribute('role', 'tab'); b.setAttribute('aria-selected', String(view === key)); b.dataset.view = key;
      b.addEventListener('click', () => { view = key; draw(); });
      tabs.appendChild(b);
    });
    results.appendChild(tabs);
    const box = document.createElement('div'); box.className = 'view'; results.appendChild(box);
    VIEWS[view][1](box);
  }

  // ---- downloads: every result kind ----
  const ROW_FORMATS = [['csv', 'CSV'], ['tsv', 'TSV'], ['json', 'JSON'], ['xml', 'XML']];
  const GRAPH_FORMATS = [['turtle', 'Turtle'], ['ntriples', 'N-Triples'], ['jsonld', 'JSON-LD'], ['rdfxml', 'RDF/XML'], ['csv', 'CSV']];
  const EXT = { csv: 'csv', tsv: 'tsv', json: 'json', xml: 'srx', turtle: 'ttl', ntriples: 'nt', jsonld: 'jsonld', rdfxml: 'rdf' };
  function downloads(kind) {
    const box = $('downloads'); box.textContent = '';
    const label = document.createElement('span'); label.className = 'muted'; label.textContent = ui.Download + ':';
    box.appendChild(label);
    (kind === 'graph' ? GRAPH_FORMATS : ROW_FORMATS).forEach(([key, name]) => {
      const a = document.createElement('a');
      a.textContent = name; a.dataset.format = key;
      a.href = '/sparql?format=' + key + '&query=' + encodeURIComponent(query());
      a.download = 'innograph-results.' + EXT[key];
      a.addEventListener('click', e => {
        if (a.href.length < 7000) return;  // short enough for a plain GET
        e.preventDefault();
        fetch('/sparql', { method: 'POST', body: new URLSearchParams({ query: query(), format: key }) })
          .then(r => r.blob()).then(blob => {
            const tmp = document.createElement('a');
            tmp.href = URL.createObjectURL(blob); tmp.download = a.download; tmp.click();
            setTimeout(() => URL.revokeObjectURL(tmp.href), 1000);
          });
      });
      box.append(' ', a);
    });
  }

  // ---- running ----
  async function run() {
    const text = query();
    history.replaceState(null, '', '/query?query=' + encodeURIComponent(text));
    $('share-box').hidden = true;
    status.textContent = ui['running…'];
    results.textContent = '';
    const t0 = performance.now();
    let resp;
    try {
      resp = await fetch('/sparql', { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded',
                   'Accept': 'application/sparql-results+json, text/turtle;q=0.9' },
        body: new URLSearchParams({ query: text }) });
    } catch (e) { status.textContent = ''; showError(String(e)); return; }
    const ms = Math.round(performance.now() - t0);
    const ctype = resp.headers.get('content-type') || '';
    const raw = await resp.text();
    if (!resp.ok) {
      let msg = raw; try { msg = JSON.parse(raw).message; } catch (e) {}
      status.textContent = resp.status + ' · ' + ms + ' ms';
      showError(msg); return;
    }
    const cut = resp.headers.get('x-innograph-truncated') ? ' (' + ui['truncated at the row limit'] + ')' : '';
    await labelsReady;
    if (ctype.startsWith('application/sparql-results+json')) {
      const json = JSON.parse(raw);
      if ('boolean' in json) {
        current = { kind: 'boolean', raw: 'ASK → ' + json.boolean };
        status.textContent = 'ASK → ' + json.boolean + ' · ' + ms + ' ms'; downloads('rows');
      } else {
        current = { kind: 'rows', vars: json.head.vars, rows: json.results.bindings, raw: raw };
        status.textContent = fmt(ui['{n} row(s)'], { n: numberFormat.format(json.results.bindings.length) }) + ' · ' + ms + ' ms' + cut; downloads('rows');
      }
    } else {
      current = { kind: 'graph', raw: raw };
      status.textContent = ms + ' ms' + cut; downloads('graph');
    }
    sortBy = null; page = 0; view = current.kind === 'rows' ? (view === 'raw' ? 'table' : view) : 'raw';
    if (view === 'chart' && !chartColumns()) view = 'table';
    draw();
  }
  function showError(msg) {
    current = null;
    const p = document.createElement('p'); p.className = 'error'; p.setAttribute('role', 'alert'); p.textContent = msg;
    results.appendChild(p);
  }

  // ---- sharing: a short link stored on the server ----
  async function share() {
    const resp = await fetch('/api/share', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: query() }) });
    const body = await resp.json();
    if (!resp.ok) { showError(body.message || String(resp.status)); return; }
    const input = $('share-link');
    input.value = new URL(body.url, location.href).href;
    $('share-box').hidden = false;
    input.select();
  }
  $('share').addEventListener('click', share);
  $('copy-share').addEventListener('click', () => {
    const input = $('share-link'); input.select();
    (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.reject())
      .then(() => { $('copy-share').textContent = ui.Copied; }, () => document.execCommand('copy'));
  });
  $('run').addEventListener('click', run);
  document.querySelectorAll('button.example').forEach(b => b.addEventListener('click', () => {
    setQuery(data.examples[+b.dataset.index]); run();
    $('editor').scrollIntoView({ block: 'nearest' });
  }));
  downloads(['CONSTRUCT', 'DESCRIBE'].includes(yasqe.getQueryType()) ? 'graph' : 'rows');
  if (data.run) run();
})();
