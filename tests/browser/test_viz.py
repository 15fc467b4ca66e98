"""The network pages in real headless Chromium: offline, drawn, clickable, filterable, safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from innograph.graph.store import DB_DIR, GraphStore
from tests.browser.conftest import assert_local
from tests.conftest import start_server

PAGES = ["/viz/ecosystem", "/viz/clusters", "/viz/cluster/optik", "/viz/actor/optonet?depth=2"]


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=30000)


@pytest.mark.parametrize("path", PAGES)
def test_page_draws_every_node_offline(page, server: str, path: str, tmp_path: Path) -> None:
    _open(page, server + path)
    expected = page.evaluate(
        "JSON.parse(document.getElementById('viz-data').textContent).nodes.length"
    )
    drawn = page.evaluate("window.innographViz.network.body.data.nodes.length")
    assert expected > 1 and drawn == expected
    assert page.evaluate("typeof window.innographViz.drawnAt") == "number"  # it drew
    page.screenshot(path=str(tmp_path / (path.strip("/").replace("/", "_").split("?")[0] + ".png")))
    assert_local(page, server)


def test_click_opens_the_entity_page(page, server: str) -> None:
    _open(page, server + "/viz/clusters")
    target = page.evaluate("window.innographViz.nodes.getIds()[0]")
    dom = page.evaluate(
        """(id) => { const v = window.innographViz.network;
                     const p = v.canvasToDOM(v.getPosition(id));
                     const r = document.querySelector('#network canvas').getBoundingClientRect();
                     return {x: r.left + p.x, y: r.top + p.y}; }""",
        target,
    )
    page.mouse.click(dom["x"], dom["y"])
    page.wait_for_url("**/id/cluster/**")
    assert page.url.endswith("/id/" + target.split("/id/", 1)[1])
    assert_local(page, server)


def test_filter_reduces_visible_nodes(page, server: str) -> None:
    _open(page, server + "/viz/ecosystem")
    total = page.evaluate("window.innographViz.visibleCount()")
    page.select_option("#f-cluster", value="https://w3id.org/innograph/id/cluster/optik")
    optik = page.evaluate("window.innographViz.visibleCount()")
    assert 0 < optik < total
    page.select_option("#f-cluster", value="")
    page.select_option("#f-type", value="University")
    assert 0 < page.evaluate("window.innographViz.visibleCount()") < total
    shown = page.evaluate("window.innographViz.visibleCount()")
    assert page.inner_text("#count") == f"{shown} of {total} nodes"


def test_the_german_view_counts_in_german(page, server: str) -> None:
    """The node count had stayed English on the German network views."""
    _open(page, server + "/viz/ecosystem?lang=de")
    total = page.evaluate("window.innographViz.visibleCount()")
    assert page.inner_text("#count") == f"{total} von {total} Knoten"
    assert page.inner_text("#viz-title") == "Ökosystem: Akteure und ihre Verbindungen"


def test_search_focuses_a_node(page, server: str) -> None:
    _open(page, server + "/viz/ecosystem")
    page.fill("#search", "OptoNet e.V.")
    page.dispatch_event("#search", "change")
    assert page.evaluate("window.innographViz.network.getSelectedNodes()") == [
        "https://w3id.org/innograph/id/network/optonet"
    ]
    # focused, closer in: the found node carries its name, and no two names overlap
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    labels = _drawn_labels(page.main_frame)
    assert "OptoNet e.V." in {name for name, *_ in labels}
    for i, (name, l1, t1, r1, b1) in enumerate(labels):
        for other, l2, t2, r2, b2 in labels[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (name, other)


EVIL = "<script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store whose actor label carries markup, to prove it is shown as text."""
    ig, idns = "https://w3id.org/innograph/ontology#", "https://w3id.org/innograph/id/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    g = ox.NamedNode(idns + "source/test")
    quads = []

    def add(s, p, o):
        quads.append(ox.Quad(ox.NamedNode(idns + s), p, o, g))

    for c in ("c1", "c2"):
        add(f"cluster/{c}", rdf_type, ox.NamedNode(ig + "Cluster"))
        add(f"cluster/{c}", label, ox.Literal(c.upper(), language="de"))
    for a, c, lbl in (
        ("evil", "c1", EVIL),
        ("good", "c2", "Good e.V."),
        ("third", "c1", "Third e.V."),
    ):
        add(f"network/{a}", rdf_type, ox.NamedNode(ig + "Network"))
        add(f"network/{a}", label, ox.Literal(lbl, language="de"))
        add(f"network/{a}", ox.NamedNode(ig + "cluster"), ox.NamedNode(idns + f"cluster/{c}"))
        add("measure/M1-01", ox.NamedNode(ig + "participant"), ox.NamedNode(idns + f"network/{a}"))
    add("measure/M1-01", rdf_type, ox.NamedNode(ig + "Measure"))
    store = GraphStore(tmp_path_factory.mktemp("evil"))
    with store.staging() as staging:
        db = ox.Store(str(staging / DB_DIR))
        db.extend(quads)
        db.flush()
        del db
        store.publish(staging, {"id": "e" * 64, "built_at_compact": "20260101T000000Z"})
    yield from start_server(store.root)


def test_injected_label_does_not_execute(page, evil_server: str) -> None:
    _open(page, evil_server + "/viz/ecosystem")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    tip = page.evaluate(
        "window.innographViz.nodes.get('https://w3id.org/innograph/id/network/evil').title.textContent"
    )
    assert "<script>" in tip  # shown as text
    page.hover("#network")
    assert page.evaluate("window.__pwned") is None


def test_labels_at_default_zoom_and_filters_refit(page, server: str) -> None:
    """The important nodes carry labels without zooming; a filter fits the view to what is left,
    and every visible node is inside the canvas."""
    _open(page, server + "/viz/ecosystem")
    labelled = page.evaluate("window.innographViz.nodes.get().filter(n => n.label).length")
    assert labelled >= 10
    before = page.evaluate("window.innographViz.network.getScale()")
    page.select_option("#f-cluster", index=1)
    after = page.evaluate("window.innographViz.network.getScale()")
    assert after != before  # re-fitted to the filtered nodes
    outside = page.evaluate(
        """() => { const s = window.innographViz; const c = s.network.canvas.frame.canvas;
            const pos = s.network.getPositions(s.nodeView.getIds());
            return Object.values(pos).map(p => s.network.canvasToDOM(p))
              .filter(d => d.x < 0 || d.y < 0 || d.x > c.clientWidth || d.y > c.clientHeight).length; }"""
    )
    assert outside == 0


@pytest.mark.parametrize(
    "path", ["/id/measure/L2-02", "/id/measure/L2-02?lang=de", "/id/source/research-registry"]
)
def test_the_ego_view_labels_do_not_overlap(page, server: str, path: str) -> None:
    """An entity page's ego view had stacked neighbours' labels on one another at its top and
    bottom, where neighbours stand close together; every label is also inside the drawing."""
    page.goto(server + path)
    boxes = page.evaluate(
        """() => { const svg = document.querySelector('svg.ego');
                   const area = svg.getBoundingClientRect();
                   return [...svg.querySelectorAll('text')].map(t => {
                     const r = t.getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom, area.left, area.right]; }); }"""
    )
    assert len(boxes) > 5
    for i, (l1, t1, r1, b1, left, right) in enumerate(boxes):
        assert left - 0.5 <= l1 and r1 <= right + 0.5, boxes[i]
        for l2, t2, r2, b2, _, _ in boxes[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (boxes[i], (l2, t2, r2, b2))


def test_tooltips_keep_their_lines_and_empty_filters_are_hidden(page, server: str) -> None:
    """vis-network's own stylesheet (``div.vis-tooltip { white-space: nowrap }``) had put every
    tooltip on one line; the clusters view had shown a cluster filter with nothing to choose."""
    _open(page, server + "/viz/clusters?lang=de")
    style = page.evaluate(
        """() => { const d = document.createElement('div'); d.className = 'vis-tooltip';
                   document.body.appendChild(d); return getComputedStyle(d).whiteSpace; }"""
    )
    assert style == "pre-line"
    empty = page.evaluate(
        """() => [...document.querySelectorAll('select[data-filter]')]
               .filter(s => s.options.length < 2).map(s => s.closest('label').hidden)"""
    )
    assert empty and all(empty)


_DRAWN_LABELS = """() => { const s = window.innographViz, net = s.network, out = [];
  const c = net.canvas.frame.canvas;
  s.nodeView.getIds().forEach(id => {
    const n = net.body.nodes[id], at = net.canvasToDOM({x: n.x, y: n.y});
    // on the screen only: vis-network measures a label when it draws it
    if (!n.options.label || at.x < 0 || at.y < 0 || at.x > c.clientWidth || at.y > c.clientHeight) return;
    const z = n.labelModule.size;  // the box vis-network drew the label in, in graph units
    const a = net.canvasToDOM({x: z.left, y: z.top});
    const b = net.canvasToDOM({x: z.left + z.width, y: z.top + z.height});
    out.push([n.options.label, a.x, a.y, b.x, b.y]); });
  return out; }"""


def _drawn_labels(frame) -> list[tuple[str, float, float, float, float]]:
    frame.wait_for_selector("body[data-drawn]", state="attached", timeout=30000)
    return [tuple(x) for x in frame.evaluate(_DRAWN_LABELS)]


@pytest.mark.parametrize(
    "path", ["/id/cluster/optik", "/id/network/optonet", "/viz/actor/tu-ilmenau?depth=2"]
)
def test_no_two_drawn_labels_overlap_and_each_is_legible(page, server: str, path: str) -> None:
    """In a profile's short frame the cluster view's labels lay on one another in a knot, 6 px
    high (a font capped at 60 graph units on a view fitted at a tenth of its size); on the full page
    the depth-2 ego view stacked ministries' names. The page now places labels on the screen it has,
    most important first, at 12 px: vis-network's own label boxes do not overlap."""
    page.goto(server + path)
    frame = page.frames[-1] if path.startswith("/id/") else page.main_frame
    labels = _drawn_labels(frame)
    assert len(labels) >= 8
    for i, (name, l1, t1, r1, b1) in enumerate(labels):
        assert b1 - t1 >= 10, name  # legible: at least 10 px high on the screen
        for other, l2, t2, r2, b2 in labels[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (name, other)


def test_zooming_in_finds_room_for_more_labels(page, server: str) -> None:
    """Labels are placed again after a zoom: of the nodes still on the screen closer in, more
    carry their names than did before."""
    _open(page, server + "/viz/actor/tu-ilmenau?depth=2")
    labelled = "window.innographViz.nodes.get().filter(n => n.label).map(n => n.id)"
    before = set(page.evaluate(labelled))
    page.evaluate(
        """() => { const net = window.innographViz.network;
                   net.moveTo({scale: net.getScale() * 2.5}); net.emit('zoom', {}); }"""
    )
    page.wait_for_timeout(400)
    on_screen = set(
        page.evaluate(
            """() => { const s = window.innographViz, net = s.network;
                       const c = net.canvas.frame.canvas;
                       return s.nodeView.getIds().filter(id => {
                         const d = net.canvasToDOM(net.getPositions([id])[id]);
                         return d.x >= 0 && d.y >= 0 && d.x <= c.clientWidth
                                && d.y <= c.clientHeight; }); }"""
        )
    )
    after = set(page.evaluate(labelled))
    assert len(after & on_screen) > len(before & on_screen)
    labels = _drawn_labels(page.main_frame)  # and still none on another
    for i, (name, l1, t1, r1, b1) in enumerate(labels):
        for other, l2, t2, r2, b2 in labels[i + 1 :]:
            assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (name, other)


@pytest.mark.parametrize("view", [["ecosystem"], ["actor", "optonet"], ["cluster", "optik"]])
def test_an_exported_view_draws_from_its_file(page, store: GraphStore, view: list[str],
                                              tmp_path: Path) -> None:  # fmt: skip
    """Regression: `innograph viz … -o file.html` (the README's offline file) drew nothing: every
    '</' of the embedded scripts had been escaped, which broke vis-network's regular expression
    /</ (`Invalid regular expression flags`, `vis is not defined`)."""
    from tests.conftest import run_cli

    out = tmp_path / "view.html"
    run_cli("viz", *view, "--store", str(store.root), "-o", str(out))
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-drawn]", state="attached", timeout=30000)
    expected = page.evaluate(
        "JSON.parse(document.getElementById('viz-data').textContent).nodes.length"
    )
    assert errors == []
    assert (
        expected > 1
        and page.evaluate("window.innographViz.network.body.data.nodes.length") == expected
    )


def test_a_name_with_bidi_controls_cannot_reorder_its_neighbours(page, evil_server: str) -> None:
    """Regression: a label with U+202E (right-to-left override) reached the pages unisolated and
    could reverse the text after it. Every link, span and cell is its own bidi island now."""
    page.goto(evil_server + "/id/network/good")
    isolated = page.evaluate(
        "() => [...document.querySelectorAll('main a, main td, main dd, main span')]"
        ".map(e => getComputedStyle(e).unicodeBidi)"
    )
    assert isolated and set(isolated) == {"isolate"}
