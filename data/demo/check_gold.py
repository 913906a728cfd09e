#!/usr/bin/env python3
"""Checks the demo corpus: manifest, article files and gold annotations agree.

Usage: python3 data/demo/check_gold.py [DIR]   (DIR defaults to this script's folder)

Verifies that every manifest file exists (UTF-8, 1.5-5 KB), that every gold `article` id is in
the manifest, that every `evidence` / `also_evidence` string is an exact substring of that
article's text and holds no newline, and that event items carry the fields spec/gold.md names.
Prints a summary and exits non-zero on any failure.
"""
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

EVENT_FIELDS = ["id", "required", "event_date", "time_precision", "event_type", "sub_event_type",
                "actor1", "actor2", "location_ar", "admin1", "geo_precision", "fatalities"]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    errors = []
    texts = {}
    manifest = []
    for n, line in enumerate((root / "manifest.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"manifest.jsonl:{n}: bad JSON: {e}")
            continue
        manifest.append(row)
        aid, fname = row.get("id"), row.get("file")
        if not aid or not fname:
            errors.append(f"manifest.jsonl:{n}: missing id or file")
            continue
        if aid in texts:
            errors.append(f"manifest.jsonl:{n}: duplicate id {aid}")
        path = root / fname
        if not path.is_file():
            errors.append(f"manifest.jsonl:{n}: file {fname} does not exist")
            continue
        raw = path.read_bytes()
        try:
            texts[aid] = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(f"{fname}: not UTF-8")
            continue
        if not 1500 <= len(raw) <= 5000:
            errors.append(f"{fname}: {len(raw)} bytes, outside 1.5-5 KB")
        pub = row.get("published")
        if pub is not None and not DATE.match(pub):
            errors.append(f"manifest.jsonl:{n}: published {pub!r} is not YYYY-MM-DD")

    kinds = Counter()
    ids = set()
    clusters = defaultdict(set)
    for n, line in enumerate((root / "gold.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"gold.jsonl:{n}: bad JSON: {e}")
            continue
        where = f"gold.jsonl:{n}"
        aid, kind = item.get("article"), item.get("kind")
        kinds[kind] += 1
        if kind not in ("event", "aggregate", "background"):
            errors.append(f"{where}: unknown kind {kind!r}")
        if aid not in texts:
            errors.append(f"{where}: article {aid!r} is not in the manifest")
            continue
        evidences = [item.get("evidence")] + list(item.get("also_evidence", []))
        for ev in evidences:
            if not isinstance(ev, str) or not ev:
                errors.append(f"{where}: empty or missing evidence")
            elif "\n" in ev:
                errors.append(f"{where}: evidence holds a newline: {ev[:40]!r}")
            elif ev not in texts[aid]:
                errors.append(f"{where}: evidence not found verbatim in {aid}: {ev!r}")
        if kind != "event":
            continue
        missing = [f for f in EVENT_FIELDS if f not in item]
        if missing:
            errors.append(f"{where}: event lacks {missing}")
            continue
        if item["id"] in ids:
            errors.append(f"{where}: duplicate event id {item['id']}")
        ids.add(item["id"])
        for d in [item["event_date"]] + list(item.get("event_date_alt", [])):
            if not DATE.match(d):
                errors.append(f"{where}: bad date {d!r}")
        if item["time_precision"] not in (1, 2, 3) or item["geo_precision"] not in (1, 2, 3):
            errors.append(f"{where}: precision outside 1-3")
        if not isinstance(item["fatalities"], int) or item["fatalities"] < 0:
            errors.append(f"{where}: fatalities must be a non-negative integer")
        if "cluster" in item:
            clusters[item["cluster"]].add(aid)

    for name, arts in clusters.items():
        if len(arts) < 2:
            errors.append(f"cluster {name!r} spans only one article")
    undated = [r["id"] for r in manifest if "published" not in r]

    for e in errors:
        print("FAIL", e)
    print(f"{len(manifest)} reports ({len(undated)} without a date: {', '.join(undated) or '-'}); "
          f"{kinds['event']} events, {len(clusters)} clusters, {kinds['aggregate']} aggregates, "
          f"{kinds['background']} backgrounds")
    print("OK" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
