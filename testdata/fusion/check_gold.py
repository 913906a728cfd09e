#!/usr/bin/env python3
"""Checks the fusion test corpus: manifest, reports and gold agree.

Usage: python3 testdata/fusion/check_gold.py [DIR]   (DIR defaults to this file's directory)

Fails (exit 1) when
- a manifest row lacks a field, names a missing file, or has no valid `published` date;
- a report is not 300-1500 characters;
- a gold item names an article that is not in the manifest;
- an `evidence` / `also_evidence` string is not an exact substring of its report, contains a
  newline, or crosses a sentence end ("." followed by a space, "!", "?", "؟");
- an event lacks a required field or a `cluster`, or repeats an id;
- a cluster is reported by only one article (a fusion cluster needs two or more).
Prints corpus counts on success.
"""

import collections
import datetime
import json
import os
import sys

MANIFEST_FIELDS = ("id", "file", "outlet", "outlet_ar", "url", "published", "title")
EVENT_FIELDS = (
    "id", "required", "event_date", "time_precision", "event_type", "sub_event_type",
    "actor1", "actor2", "location_ar", "admin1", "geo_precision", "fatalities", "evidence",
    "cluster",
)
KINDS = ("event", "aggregate", "background")
SENTENCE_ENDS = (". ", "!", "?", "؟", "\n")


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors = []

    texts = {}
    with open(os.path.join(root, "manifest.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            missing = [k for k in MANIFEST_FIELDS if not row.get(k)]
            if missing:
                errors.append(f"manifest line {n}: missing {missing}")
                continue
            try:
                datetime.date.fromisoformat(row["published"][:10])
            except ValueError:
                errors.append(f"manifest line {n}: bad published {row['published']!r}")
            if row["id"] in texts:
                errors.append(f"manifest line {n}: duplicate id {row['id']}")
            path = os.path.join(root, row["file"])
            if not os.path.exists(path):
                errors.append(f"manifest line {n}: no file {row['file']}")
                continue
            with open(path, encoding="utf-8") as t:
                text = t.read()
            size = len(text.strip())
            if not 300 <= size <= 1500:
                errors.append(f"{row['file']}: {size} characters, outside 300-1500")
            texts[row["id"]] = text

    event_ids = set()
    clusters = collections.defaultdict(set)
    counts = collections.Counter()
    with open(os.path.join(root, "gold.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            where = f"gold line {n}"
            kind = item.get("kind")
            counts[kind] += 1
            if kind not in KINDS:
                errors.append(f"{where}: unknown kind {kind!r}")
            article = item.get("article")
            if article not in texts:
                errors.append(f"{where}: article {article!r} not in manifest")
                continue
            evidences = [item.get("evidence")] + list(item.get("also_evidence", []))
            for ev in evidences:
                if not isinstance(ev, str) or not ev.strip():
                    errors.append(f"{where}: empty evidence")
                    continue
                if ev not in texts[article]:
                    errors.append(f"{where}: evidence not in article {article}: {ev}")
                for end in SENTENCE_ENDS:
                    if end in ev:
                        errors.append(f"{where}: evidence crosses a sentence end {end!r}: {ev}")
            if kind != "event":
                continue
            missing = [k for k in EVENT_FIELDS if k not in item]
            if missing:
                errors.append(f"{where}: event lacks {missing}")
            if item.get("id") in event_ids:
                errors.append(f"{where}: duplicate event id {item.get('id')}")
            event_ids.add(item.get("id"))
            if item.get("cluster"):
                clusters[item["cluster"]].add(article)

    for cluster, articles in sorted(clusters.items()):
        if len(articles) < 2:
            errors.append(f"cluster {cluster}: reported by one article only")

    if errors:
        print("\n".join(errors))
        print(f"FAILED: {len(errors)} problem(s)")
        return 1
    multi = collections.Counter()
    with open(os.path.join(root, "gold.jsonl"), encoding="utf-8") as f:
        for line in f:
            item = json.loads(line) if line.strip() else {}
            if item.get("kind") == "event":
                multi[item["article"]] += 1
    print(
        f"OK: {len(texts)} reports, {counts['event']} events in {len(clusters)} clusters, "
        f"{counts['aggregate']} aggregate and {counts['background']} background items, "
        f"{sum(1 for c in multi.values() if c > 1)} reports feeding two clusters"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
