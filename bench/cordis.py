"""CORDIS at scale and resolution quality.

``python -m bench.cordis`` makes a seeded, CORDIS-shaped bundle at the size of all of Horizon 2020
(35,000 projects, 180,000 participations; the format's quirks included: BOM, quoted fields with
separators, doubled quotes and line breaks, decimal commas), imports it with the region filter
``DEG`` and without, and builds a release with the filtered import; it prints the time and peak
memory of each phase and writes ``bench/results/cordis.md``.

``resolution_sample`` is the hand-checkable sample of the resolution figure: every registry
organisation written the CORDIS way (upper case, umlauts dropped) and with typical variants
(legal form added or dropped, punctuation, a short name only), plus decoys that are not in the
registry; ``resolution_quality`` scores the matcher on it (precision, recall).
"""

from __future__ import annotations

import random
import resource
import shutil
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

from innograph.graph.store import GraphStore
from innograph.ingest.build import build
from innograph.ingest.imports import import_file
from innograph.ingest.imports.cordis import read_bundle
from innograph.ingest.imports.matching import Matcher
from innograph.ingest.resolution import Org, Resolver

__all__ = ["make_bundle", "resolution_quality", "resolution_sample"]

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
_P_HEAD = (
    "id;acronym;status;title;startDate;endDate;totalCost;ecMaxContribution;legalBasis;topics;"
    "frameworkProgramme;masterCall;subCall;fundingScheme;objective\n"
)
_O_HEAD = (
    "projectID;projectAcronym;organisationID;vatNumber;name;shortName;SME;activityType;street;"
    "postCode;city;country;nutsCode;geolocation;organizationURL;contactForm;contentUpdateDate;rcn;"
    "order;role;ecContribution;netEcContribution;totalCost;endOfParticipation;active\n"
)
_DECOYS = [
    "INSTITUT FUR ANGEWANDTE SONNENFORSCHUNG", "NORDIC PHOTONICS AB", "UNIVERSIDAD DE SEVILLA",
    "TECHNISCHE UNIVERSITAT MUNCHEN", "FRAUNHOFER GESELLSCHAFT ZUR FOERDERUNG DER ANGEWANDTEN",
    "JENOPTIK OPTICAL SYSTEMS LLC", "ERFURT BIOTECH CONSULTING GMBH", "WEIMAR DESIGN STUDIO UG",
    "THURINGER LANDESMUSEUM", "UNIVERSITAET LEIPZIG", "HOCHSCHULE MITTWEIDA",
    "OPTICAL NETWORKS ASSOCIATION", "MEDICAL TECHNOLOGY NETWORK SAXONY",
]  # fmt: skip


def cordis_way(name: str) -> str:
    """How CORDIS writes a name: upper case, umlauts and accents dropped, ß as SS."""
    text = unicodedata.normalize("NFKD", name.replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def resolution_sample(orgs: list[Org], seed: int = 7) -> list[tuple[str, str | None]]:
    """``(name as an import writes it, the registry id it means or None)``."""
    rng = random.Random(seed)
    out: list[tuple[str, str | None]] = []
    for o in orgs:
        for name in o.name.values():
            out.append((cordis_way(name), o.id))
            variant = cordis_way(name).replace(".", "").replace(" E V", " EV")
            if rng.random() < 0.5:
                variant += rng.choice([" GMBH", " EV", " AG", ""])
            out.append((variant, o.id))
            if len(name) > 15:  # a typing error: one letter dropped
                k = rng.randrange(3, len(name) - 3)
                out.append((cordis_way(name[:k] + name[k + 1 :]), o.id))
    out += [(d, None) for d in _DECOYS]
    return out


def resolution_quality(matcher: Matcher, sample: list[tuple[str, str | None]]) -> dict[str, float]:
    """Precision and recall of ``matcher`` on ``sample`` (ambiguous and new count as no match)."""
    tp = fp = fn = 0
    for name, truth in sample:
        m = matcher.match(name)
        got = m.org.id if m.status == "matched" and m.org else None
        if got is not None and got == truth:
            tp += 1
        elif got is not None:
            fp += 1
        if truth is not None and got != truth:
            fn += 1
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "sample": float(len(sample)),
    }


def make_bundle(path: Path, *, projects: int = 35_000, participations: int = 180_000,
                seed: int = 1) -> Path:  # fmt: skip
    """Write a seeded CORDIS-shaped zip with ``projects`` and about ``participations`` rows."""
    rng = random.Random(seed)
    orgs = Resolver.from_data(DATA).orgs
    pool = [(f"9{i:08d}", f"ORGANISATION {i} {rng.choice(['GMBH', 'SA', 'BV', 'LTD', 'EV'])}",
             rng.choice(["DE", "FR", "IT", "ES", "NL", "PL"])) for i in range(20_000)]  # fmt: skip
    known = [(f"8{i:08d}", cordis_way(o.name.get("de") or next(iter(o.name.values()))), "DE")
             for i, o in enumerate(orgs)]  # fmt: skip
    per = participations / projects
    p_lines, o_lines = [_P_HEAD], [_O_HEAD]
    for n in range(projects):
        pid = str(100_000_000 + n)
        title = f'"Project {n}; with ""quotes"" and a\nline break"'
        p_lines.append(
            f'"{pid}";"P{n}";"SIGNED";{title};"2018-01-01";"2021-12-31";"1000";"900,50";"H2020";'
            f'"T{n % 300}";"H2020";"";"";"RIA";"Objective {n}"\n'
        )
        k = max(1, int(rng.expovariate(1 / per)))
        members = rng.sample(pool, min(k, 40))
        if rng.random() < 0.04:  # a few projects with a Thuringian participant
            members[0] = rng.choice(known)
        for j, (oid, name, country) in enumerate(members):
            nuts = "DEG0J" if oid.startswith("8") else f"{country}123"
            role = "coordinator" if j == 0 else "participant"
            o_lines.append(
                f'{pid};P{n};{oid};"";"{name}";"";"false";"PRC";"Street 1; Building ""A""";"1";'
                f'"City";"{country}";"{nuts}";"";"";"";"2021-01-01";"1";"{j + 1}";"{role}";'
                f'"1000,5";"1000,5";"1000";"false";"true"\n'
            )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.csv", "\ufeff" + "".join(p_lines))
        z.writestr("organization.csv", "".join(o_lines))
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="innograph-cordis-"))
    try:
        rows = []
        t0 = time.perf_counter()
        bundle = make_bundle(tmp / "cordis-h2020.zip")
        rows.append(("generate the bundle", time.perf_counter() - t0))
        t0 = time.perf_counter()
        full = read_bundle(bundle)
        rows.append((f"read all ({len(full.projects)} projects, {full.rows_read} rows)",
                     time.perf_counter() - t0))  # fmt: skip
        del full
        data = tmp / "data"
        shutil.copytree(DATA, data)
        t0 = time.perf_counter()
        result = import_file(
            data, bundle, kind="cordis", name="h2020-deg", options={"region": "DEG"}
        )
        rows.append((f"import --region DEG (read, filter, resolve, map; {result.report.summary()})",
                     time.perf_counter() - t0))  # fmt: skip
        t0 = time.perf_counter()
        build(GraphStore(tmp / "store"), data)
        rows.append(("build a release with the import", time.perf_counter() - t0))
        quality = resolution_quality(
            Matcher(Resolver.from_data(DATA).orgs), resolution_sample(Resolver.from_data(DATA).orgs)
        )
        lines = ["# CORDIS at Horizon 2020 scale (35,000 projects, ~180,000 participations)", "",
                 "| phase | seconds |", "|---|---:|"]  # fmt: skip
        lines += [f"| {name} | {s:.1f} |" for name, s in rows]
        lines += ["", f"Peak RSS of the process: {_peak_mb():.0f} MB.", "",
                  f"Resolution on {quality['sample']:.0f} names written the CORDIS way and with "
                  f"variants: precision {quality['precision']:.3f}, "
                  f"recall {quality['recall']:.3f}."]  # fmt: skip
        text = "\n".join(lines) + "\n"
        (ROOT / "bench" / "results" / "cordis.md").write_text(text)
        print(text)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
