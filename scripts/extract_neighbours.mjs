// Extracts Syria's neighbouring countries from npm `world-atlas` (Natural Earth 1:50m, public
// domain) into data/gazetteer/neighbours.geojson, the offline base layer of the web UI's map.
// Run once (the output is committed):
//   (cd crates/server/ui && npm ci) && node scripts/extract_neighbours.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "crates/server/ui/package.json"));
const { feature } = require("topojson-client");
const atlas = JSON.parse(readFileSync(require.resolve("world-atlas/countries-50m.json"), "utf8"));

// Natural Earth name -> Arabic name shown on the map.
const NEIGHBOURS = {
  Turkey: "تركيا",
  Iraq: "العراق",
  Jordan: "الأردن",
  Lebanon: "لبنان",
  Israel: "إسرائيل",
  Palestine: "فلسطين",
  Cyprus: "قبرص",
  "N. Cyprus": "شمال قبرص",
  "Saudi Arabia": "السعودية",
  Egypt: "مصر",
  Iran: "إيران",
};

const round = (c) => (typeof c[0] === "number" ? [Math.round(c[0] * 1e3) / 1e3, Math.round(c[1] * 1e3) / 1e3] : c.map(round));
const all = feature(atlas, atlas.objects.countries).features;
const features = all
  .filter((f) => f.properties.name in NEIGHBOURS)
  .map((f) => ({
    type: "Feature",
    properties: { name: f.properties.name, name_ar: NEIGHBOURS[f.properties.name], iso_n3: f.id },
    geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) },
  }));
const missing = Object.keys(NEIGHBOURS).filter((n) => !features.some((f) => f.properties.name === n));
if (missing.length) throw new Error(`not in world-atlas: ${missing.join(", ")}`);
const out = join(root, "data/gazetteer/neighbours.geojson");
writeFileSync(out, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(`${features.length} countries -> ${out}`);
