// Derives ../../data/syria.geojson: Syria's border from Natural Earth
// 1:50m (public domain), as shipped in TopoJSON by the world-atlas package.
//
//   cd tools/syria-outline && npm install && node convert.js
//
// Coordinates are rounded to 0.01° (about 1 km), far finer than a map
// 640 units wide can show: mujaz simplifies again when it draws.
"use strict";
const fs = require("fs");
const path = require("path");
const { feature } = require("topojson-client");
const world = require("world-atlas/countries-50m.json");

const SYRIA = "760"; // ISO 3166-1 numeric
const round = (v) => Math.round(v * 100) / 100;

const countries = feature(world, world.objects.countries);
const syria = countries.features.find((f) => f.id === SYRIA);
if (!syria) throw new Error("Syria (760) is not in world-atlas/countries-50m.json");

// Rounded points, without a point repeated after rounding.
const ring = (points) =>
  points
    .map(([lon, lat]) => [round(lon), round(lat)])
    .filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
const polygons = syria.geometry.type === "Polygon" ? [syria.geometry.coordinates] : syria.geometry.coordinates;

const out = {
  type: "FeatureCollection",
  attribution: "Natural Earth 1:50m admin 0 countries (public domain), via world-atlas 2.0.2",
  features: [
    {
      type: "Feature",
      properties: { name: "Syria" },
      geometry: {
        type: "MultiPolygon",
        coordinates: polygons.map((rings) => rings.map(ring)),
      },
    },
  ],
};
// One feature per line keeps the file small and its diffs readable.
const text = JSON.stringify(out, null, 1).replace(/\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]/g, "[$1,$2]");
fs.writeFileSync(path.join(__dirname, "..", "..", "data", "syria.geojson"), text + "\n");
console.log("wrote data/syria.geojson:", text.length, "bytes");
