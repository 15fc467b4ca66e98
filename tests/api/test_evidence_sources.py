"""The partner finder's evidence names where each shared activity is stated: document and line,
linked to the passage (``api.evidence_sources``)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pyoxigraph as ox

from innograph.api.evidence_sources import tie_sources
from innograph.graph.queries import prefix_block, select, select_many
from innograph.graph.vocab import ID

_SOURCE = re.compile(r'<span class="sources">\((.*?)\)</span>', re.S)
_LINK = re.compile(r'<a href="(/source/[^"]+)"')
_CITED = re.compile(r'class="cited" aria-current="true">(.*?)</li>', re.S)


def _cited_lines(server: str, actor: str) -> list[str]:
    page = httpx.get(server + "/partners", params={"actor": actor, "lang": "en"}).text
    links = [h.replace("&amp;", "&") for s in _SOURCE.findall(page) for h in _LINK.findall(s)]
    assert links, f"no evidence source on {actor}'s partner page"
    out = []
    for link in sorted(set(links)):
        r = httpx.get(server + link)
        assert r.status_code == 200, link
        cited = _CITED.search(r.text)
        assert cited, link
        out.append(re.sub(r"<[^>]+>", "", cited.group(1)))
    return out


def test_every_source_of_the_evidence_opens_its_passage(server: str, seeds_dir: Path) -> None:
    """TU Ilmenau's partners are found through FSU Jena: the initiatives of the digital strategy
    that list both (the strategy's participant lines), the materials day the ThCM brochure lists
    with both ("TUI, FSU, BUW")."""
    lines = _cited_lines(server, "Technische Universität Ilmenau")
    assert any("TU Ilmenau" in line for line in lines), lines
    assert any("Werkstofftag" in line and "FSU" in line for line in lines), lines


def test_a_tie_cites_its_own_statement_before_the_activity(db) -> None:
    tu, fsu = str(ID) + "research/tu-ilmenau", str(ID) + "research/fsu-jena"
    event = str(ID) + "event/thueringer-werkstofftag-2013"
    # the event lists its participants without a line of their own: the event's line stands in
    printed = select(db, "entity_fact_lines", entity=ox.NamedNode(event))
    first = min(r["line"] for r in printed if r["doc"].endswith("thcm-brochure-2012"))
    sources = tie_sources(db, fsu, event)
    assert [(s["doc_id"], s["line"]) for s in sources] == [("thcm-brochure-2012", first)]
    assert sources[0]["href"] == f"/source/thcm-brochure-2012?line={first}"
    # a participation stated on a line of its own cites that line, and only that
    activity = _stated_participation(db, tu)
    stated = select(db, "tie_lines", actor=ox.NamedNode(tu), activity=ox.NamedNode(activity))
    lined = {(r["doc"], r["line"]) for r in stated if r["line"] is not None}
    assert lined
    assert {(s["doc"], s["line"]) for s in tie_sources(db, tu, activity)} == lined


def test_each_way_of_finding_a_tie_s_sources() -> None:
    """On a store made by hand: a reified statement's line; else the activity's line in the
    tie's document (not another's); else the document alone; else nothing."""
    ig = "https://w3id.org/innograph/ontology#"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    src = str(ID) + "source/"
    store = ox.Store()

    def n(x: str) -> ox.NamedNode:
        return ox.NamedNode(x if x.startswith("http") else str(ID) + x)

    def stated(s: str, p: str, o: ox.NamedNode | ox.Literal, doc: str, line: int) -> None:
        st = ox.BlankNode()
        g = n(src + doc)
        for pp, oo in [(rdf + "subject", n(s)), (rdf + "predicate", n(p)), (rdf + "object", o),
                       (ig + "sourceLine", ox.Literal(str(line), datatype=ox.NamedNode(
                           "http://www.w3.org/2001/XMLSchema#integer"))),
                       ("http://www.w3.org/ns/prov#wasDerivedFrom", g)]:  # fmt: skip
            store.add(ox.Quad(st, n(pp), oo, g))

    def triple(s: str, p: str, o: str, doc: str) -> None:
        store.add(ox.Quad(n(s), n(p), n(o), n(src + doc)))

    triple("measure/m", ig + "participant", "network/a", "sheet")
    stated("measure/m", ig + "participant", n("network/a"), "sheet", 12)
    triple("event/e", ig + "participant", "network/b", "brochure")
    stated("event/e", ig + "eventDate", ox.Literal("März 2013"), "brochure", 30)
    stated("event/e", ig + "eventDate", ox.Literal("2013"), "other-document", 5)
    triple("committee/c", "http://www.w3.org/ns/org#hasMember", "network/x", "registry")

    def found(actor: str, activity: str) -> list[tuple[str, int | None]]:
        return [
            (s["doc_id"], s["line"]) for s in tie_sources(store, n(actor).value, n(activity).value)
        ]

    assert found("network/a", "measure/m") == [("sheet", 12)]
    assert found("network/b", "event/e") == [("brochure", 30)]
    assert found("network/x", "committee/c") == [("registry", None)]
    assert found("network/a", "event/e") == []
    # a direct relation: a line printing the other actor is not its statement
    triple("network/b", ig + "partner", "network/y", "brochure")
    stated("network/y", ig + "eventDate", ox.Literal("2013"), "brochure", 31)
    direct = tie_sources(store, n("network/b").value, n("network/y").value, direct=True)
    assert [(s["doc_id"], s["line"]) for s in direct] == [("brochure", None)]
    stated("network/b", ig + "partner", n("network/y"), "brochure", 44)
    direct = tie_sources(store, n("network/y").value, n("network/b").value, direct=True)
    assert [(s["doc_id"], s["line"]) for s in direct] == [("brochure", 44)]


def _stated_participation(db, actor: str) -> str:
    """An activity whose participant ``actor`` is stated on a line of its own."""
    q = f"""SELECT ?x WHERE {{
      ?st rdf:subject ?x ; rdf:predicate ig:participant ; rdf:object <{actor}> ;
          ig:sourceLine ?line .
    }} ORDER BY ?x LIMIT 1"""
    rows = list(db.query(prefix_block() + q, use_default_graph_as_union=True))
    assert rows, f"no participation of {actor} is stated on a line"
    return rows[0]["x"].value


def test_a_tie_without_an_activity_is_called_a_direct_relation(server: str) -> None:
    """An evidence tie with no shared activity (the two are related directly) had printed an
    arrow to nothing."""
    recs = httpx.get(server + "/api/actors/tu-ilmenau/recommendations").json()
    direct = [e for r in recs for e in r["evidence"] if not e["with_candidate"]]
    assert direct, "no evidence tie without an activity to check"
    for lang, words in (("en", "a direct relation"), ("de", "eine direkte Beziehung")):
        params = {"actor": "Technische Universität Ilmenau", "lang": lang}
        page = httpx.get(server + "/partners", params=params).text
        assert f'→ <span class="muted">{words}</span> <span class="sources">(' in page
        assert "→ <br>" not in page


def test_a_direct_relation_names_where_it_is_stated(server: str, db) -> None:
    """A tie through no activity had named no source; now the statement of the relation itself,
    with its line (a registry row or a document line), for every such tie of every actor's top 10
    whose two ends a triple links."""
    q = "SELECT DISTINCT ?a WHERE { ?a ig:cluster ?c ; a/rdfs:subClassOf* org:Organization }"
    rows = db.query(prefix_block() + q, use_default_graph_as_union=True)
    actors = [str(r["a"].value).removeprefix(str(ID)) for r in rows]
    assert len(actors) > 20, actors
    checked = 0
    for actor in actors:
        recs = httpx.get(server + f"/api/actors/{actor}/recommendations").json()
        for r in recs:
            for e in r["evidence"]:
                for side in ("with_actor", "with_candidate"):
                    if e[side]:
                        assert side + "_sources" not in e
                        continue
                    sources = e[side + "_sources"]
                    assert sources, (actor, e["partner"], side)
                    assert all(s["line"] for s in sources), sources
                    for s in sources:
                        assert httpx.get(server + s["href"]).status_code == 200, s
                    checked += 1
    assert checked, "no direct relation among the evidence to check"


def test_the_api_gives_every_evidence_activity_its_sources(server: str) -> None:
    recs = httpx.get(server + "/api/actors/tu-ilmenau/recommendations").json()
    activities = [
        x for r in recs for e in r["evidence"] for x in e["with_actor"] + e["with_candidate"]
    ]
    assert activities, "no evidence activity to check"
    for x in activities:
        assert "sources" in x, x
        for s in x["sources"]:
            assert set(s) == {"doc", "doc_id", "line", "href"}
            assert s["doc"].endswith("/" + s["doc_id"])
            assert s["href"] in (
                f"/source/{s['doc_id']}?line={s['line']}",  # a seed's passage
                f"/id/source/{s['doc_id']}",  # a registry's own page
            ), s
    assert any(s["line"] for x in activities for s in x["sources"])


def test_one_batch_gives_each_tie_what_it_gets_alone(db) -> None:
    """``annotate`` asks for all of a page's ties in one query (a VALUES row per tie); each must
    get the sources it gets when asked alone, for activities and direct relations alike."""
    from innograph.api.evidence_sources import sources_of
    from innograph.graph.analysis import Analysis

    analysis = Analysis.from_store(db, release_id="test")
    ties = set()
    for row in analysis.actors():
        me = analysis.resolve(str(row["id"]), kind="actor")
        for r in analysis.recommendations(me, k=10):
            for e in r["evidence"]:
                for a, b, acts in ((me, e["partner"], e["with_actor"]),
                                   (e["partner"], r["actor"], e["with_candidate"])):  # fmt: skip
                    ties |= {(a, x["node"], False) for x in acts} or {(a, b, True)}
    assert len(ties) > 20 and any(direct for *_, direct in ties)
    together = sources_of(db, ties)
    assert together.keys() == ties
    for t in sorted(ties):
        assert together[t] == sources_of(db, [t])[t], t
    # and the batch's statements are each pair's own, as one bound query finds them
    pairs = sorted({(a, x) for a, x, _ in ties})
    batch = select_many(db, "tie_lines", [{"actor": ox.NamedNode(a), "activity": ox.NamedNode(x)}
                                          for a, x in pairs])  # fmt: skip
    alone = [r for a, x in pairs
             for r in select(db, "tie_lines", actor=ox.NamedNode(a), activity=ox.NamedNode(x))]  # fmt: skip
    key = lambda r: tuple(str(v) for v in r.values())  # noqa: E731
    assert sorted(batch, key=key) == sorted(alone, key=key) and alone
    assert sum(bool(s) for s in together.values()) > len(ties) // 2
