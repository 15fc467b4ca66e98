"""Run morph-kgc on one configuration, inside the engine's own virtualenv (``.venv/rml``).

innograph never imports this module: ``ingest.imports.rml`` runs it as a script with the engine's
Python (``.venv/rml/bin/python rml_runner.py config.ini out.nq``), because morph-kgc pins
pyoxigraph 0.3 and rdflib < 7.3, which innograph's own environment cannot share. It uses only the
standard library and morph-kgc, materialises one mapping partition at a time, and writes the
statements as N-Quads to ``out.nq``; it prints ``{"statements": n, "peak_rss_kb": …}`` (its own
peak RSS). On failure it exits 2 and prints one JSON object to standard error:
``{"stage": "mapping" | "rule", "rules": [{"source", "subject"}], "error": …}`` (the source and
subject template of each triples map that failed), so innograph can name the mapping rule.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

__all__ = ["main"]


def main(argv: list[str]) -> int:
    """Materialise the mappings of ``argv[1]`` (a morph-kgc INI file) into ``argv[2]``."""
    config_file, out_file = argv[1], argv[2]
    try:
        from morph_kgc.args_parser import load_config_from_argument
        from morph_kgc.constants import RML_TRIPLES_MAP_CLASS
        from morph_kgc.mapping.mapping_parser import retrieve_mappings
        from morph_kgc.materializer import _materialize_mapping_group_to_set as materialise
    except ImportError as err:
        return _fail("engine", [], f"morph-kgc is not importable: {err}")
    logging.disable(logging.WARNING)
    config: Any = load_config_from_argument(config_file)
    try:
        rml_df, fnml_df, http_api_df = retrieve_mappings(config)
    except Exception as err:  # the engine raises many kinds for a mapping it cannot read
        return _fail("mapping", [], f"{type(err).__name__}: {err}")
    config.set("CONFIGURATION", "http_api_df", http_api_df.to_csv())
    asserted = rml_df.loc[rml_df["triples_map_type"] == RML_TRIPLES_MAP_CLASS]
    written = 0
    with open(out_file, "w", encoding="utf-8") as out:
        for _, group in asserted.groupby(by="mapping_partition"):
            try:
                triples = materialise(group, rml_df, fnml_df, config, None)
            except Exception as err:  # say which triples map(s) of the partition fail alone
                failing = [
                    row
                    for _, row in group.iterrows()
                    if not _runs(group.loc[[row.name]], rml_df, fnml_df, config, materialise)
                ]
                return _fail("rule", _describe(failing or group), _message(err))
            for statement in triples:
                out.write(f"{statement} .\n")
            written += len(triples)
    print(json.dumps({"statements": written, "peak_rss_kb": _peak_rss_kb()}))
    return 0


def _peak_rss_kb() -> int | None:
    """This process's own peak RSS (``VmHWM``: unlike ``getrusage``, it does not count what the
    parent held when it forked), or None where ``/proc`` is absent."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _runs(group: Any, rml_df: Any, fnml_df: Any, config: Any, materialise: Any) -> bool:
    try:
        materialise(group, rml_df, fnml_df, config, None)
    except Exception:  # this one fails on its own
        return False
    return True


def _describe(rows: Any) -> list[dict[str, str]]:
    """The source and subject of each failing triples map (morph-kgc renames the maps
    ``#TM<n>``, so innograph recognises its rules by these)."""
    out = []
    for row in rows if isinstance(rows, list) else (r for _, r in rows.iterrows()):
        out.append({"source": str(row.get("logical_source_value", "")),
                    "subject": str(row.get("subject_map_value", ""))})  # fmt: skip
    return out


def _message(err: Exception) -> str:
    return f"{type(err).__name__}: {err}".strip()


def _fail(stage: str, rules: list[dict[str, str]], message: str) -> int:
    sys.stderr.write(json.dumps({"stage": stage, "rules": rules, "error": message}) + "\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
