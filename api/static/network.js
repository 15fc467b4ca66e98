(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("viz-data").textContent);
  var exported = window.location.protocol === "file:";

  // Only http(s) targets (or our own pages) are followed, decided on the parsed URL.
  function safeHref(value) {
    if (!value) return null;
    try {
      var url = new URL(value, window.location.href);
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) { return null; }
  }
  function tooltip(text) {
    var el = document.createElement("div");
    el.textContent = text;  // data-derived text is never parsed as HTML
    return el;
  }
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.key ? n.label : "", fullLabel: n.label, rank: n.rank,
      x: n.x, y: n.y, size: n.multi ? Math.max(n.size, 11) : n.size, title: tooltip(n.tip),
      color: { background: n.color, border: n.multi ? "#1d2430" : n.color },
      borderWidth: n.multi ? 3 : 1, shape: n.broker ? "diamond" : "dot",
      region: n.region, clusters: n.clusters, type: n.type, href: n.href
    };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {
      id: i, from: e.from, to: e.to, width: e.width || 1, dashes: !!e.dashes, kind: e.kind || "",
      color: { color: e.color || "#c3ccd6" }, title: e.tip ? tooltip(e.tip) : undefined
    };
  }));
  var filters = { region: "", cluster: "", type: "", link: "" };
  function nodeVisible(n) {
    return (!filters.region || n.region === filters.region) &&
      (!filters.cluster || n.clusters.indexOf(filters.cluster) >= 0 || n.id === filters.cluster) &&
      (!filters.type || n.type === filters.type);
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return (!filters.link || e.kind.split(" ").indexOf(filters.link) >= 0 || e.kind === filters.link) &&
        nodeVisible(nodes.get(e.from)) && nodeVisible(nodes.get(e.to));
    }
  });
  var container = document.getElementById("network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, {
    physics: { enabled: false },
    interaction: { hover: true, tooltipDelay: 120, navigationButtons: false },
    nodes: { font: { size: 22, face: "system-ui", strokeWidth: 4, strokeColor: "#ffffff" } },
    edges: { smooth: false }
  });
  // Labels stay legible at any zoom: at least 12 px on the screen. A small view (a profile's
  // embedded one) is fitted at a small scale, where 22 graph units would be a few pixels (capped at
  // 60 units, they had been 6 px in a profile's frame); declutter() keeps the larger labels apart.
  function fontUnits(scale) { return Math.max(22, 12 / scale); }
  function legibleLabels() {
    var scale = network.getScale() || 1;
    network.setOptions({ nodes: { font: { size: fontUnits(scale) } } });
  }
  // fit() frames the nodes, not their labels: step back a little, so that the names of the
  // nodes at the edges stay inside the view
  function fitWithLabels() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.88, animation: false });
  }
  // Greedy label placement on the screen, as maps do it: in the server's order of importance
  // (rank), a label is drawn where it runs into none already placed, so that the names shown can be
  // read in a page's short frame as on the full page; zoomed in, more of them find room. (The
  // server's own choice, key, assumes the full page.) Boxes are measured as the canvas draws them.
  var measure = document.createElement("canvas").getContext("2d");
  var keyCount = data.nodes.filter(function (n) { return n.key; }).length;
  var fitScale = null;
  function declutter() {
    var scale = network.getScale() || 1;
    if (fitScale === null) fitScale = scale;
    var fontPx = fontUnits(scale) * scale;
    measure.font = fontPx + "px system-ui";
    var limit = Math.round(keyCount * Math.max(1, Math.pow(scale / fitScale, 2)));
    var placed = [], updates = [];
    nodeView.get().sort(function (a, b) { return a.rank - b.rank; }).forEach(function (n) {
      var show = false;
      if (n.fullLabel && placed.length < limit) {
        var p = network.canvasToDOM({ x: n.x, y: n.y });
        var w = measure.measureText(n.fullLabel).width + 4, top = p.y + n.size * scale;
        var box = { l: p.x - w / 2, r: p.x + w / 2, t: top, b: top + fontPx * 1.25 };
        show = !placed.some(function (o) { return o.l < box.r && box.l < o.r && o.t < box.b && box.t < o.b; });
        if (show) placed.push(box);
      }
      var label = show ? n.fullLabel : "";
      if (label !== n.label) updates.push({ id: n.id, label: label });
    });
    if (updates.length) nodes.update(updates);
  }
  var pending = null;
  network.on("zoom", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { legibleLabels(); declutter(); }, 120);
  });
  fitWithLabels();
  legibleLabels();
  declutter();
  var state = { network: network, nodes: nodes, nodeView: nodeView, edgeView: edgeView,
                drawnAt: null, total: data.nodes.length, filters: filters };
  window.innographViz = state;
  state.visibleCount = function () { return nodeView.getIds().length; };
  network.once("afterDrawing", function () {
    state.drawnAt = performance.now();
    document.body.setAttribute("data-drawn", "1");  // for tests: a selector, not an eval
  });
  network.on("click", function (params) {
    if (params.nodes.length === 1) {
      var n = nodes.get(params.nodes[0]);
      var target = safeHref(exported ? n.id : n.href);
      if (target) window.location.href = target;
    }
  });

  Object.keys(data.filters).forEach(function (key) {
    var select = document.querySelector('select[data-filter="' + key + '"]');
    if (!data.filters[key].length) {  // nothing to choose: no control
      select.closest("label").hidden = true;
      return;
    }
    data.filters[key].forEach(function (pair) {
      var opt = document.createElement("option");
      opt.value = pair[0]; opt.textContent = pair[1];
      select.appendChild(opt);
    });
    select.addEventListener("change", function () {
      filters[key] = select.value;
      nodeView.refresh(); edgeView.refresh();
      updateCount();
      fitWithLabels();  // the filtered nodes fill the view
      legibleLabels();
      fitScale = null;
      declutter();
    });
  });
  function updateCount() {
    document.getElementById("count").textContent = data.ui.count
      .replace("{shown}", state.visibleCount()).replace("{total}", state.total);
  }
  updateCount();

  var list = document.getElementById("labels");
  data.nodes.forEach(function (n) {
    var opt = document.createElement("option"); opt.value = n.tip.split("\n")[0]; list.appendChild(opt);
  });
  document.getElementById("search").addEventListener("change", function (ev) {
    var q = ev.target.value.toLowerCase();
    var hit = data.nodes.find(function (n) { return n.tip.split("\n")[0].toLowerCase() === q; }) ||
      data.nodes.find(function (n) { return n.tip.toLowerCase().indexOf(q) >= 0; });
    if (hit) {
      network.selectNodes([hit.id]);
      network.focus(hit.id, { scale: 1.4, animation: false });
      legibleLabels(); declutter();  // closer in: the found node's neighbours get their names
    }
  });

  var legend = document.getElementById("legend-items");
  data.legend.forEach(function (item) {
    var li = document.createElement("li");
    var sw = document.createElement("span"); sw.className = "swatch"; sw.style.background = item.color;
    var text = document.createElement("span"); text.textContent = item.label;
    li.appendChild(sw); li.appendChild(text); legend.appendChild(li);
  });
})();
