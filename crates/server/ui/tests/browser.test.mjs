// Browser tests of the web UI: Debian's chromium driven by playwright-core, against
// `marsad serve` on a demo store (plus one hostile article) on a random localhost port.
//
//   bash scripts/ui-assets.sh && cargo build -p marsad-cli && node --test crates/server/ui/tests/
//
// Environment: MARSAD_BIN (the marsad binary; default $CARGO_TARGET_DIR/debug/marsad, then
// target/debug/marsad), MARSAD_CHROMIUM (default /usr/bin/chromium), MARSAD_CI=1 (a missing
// chromium or binary fails instead of skipping), MARSAD_UI_LOAD_BUDGET_MS (default 5000: a
// bound for gross regressions only; the first load is measured and printed here and recorded in
// BENCHMARKS.md, where the 1 s target is judged: a wall-clock budget in a test fails with the
// machine's load, as the same binary measured 660 ms and 1,050 ms on two days).
// Screenshots and timings go to crates/server/ui/tests/screenshots/ (gitignored).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../../..");
const shots = join(here, "screenshots");
const inCi = process.env.MARSAD_CI === "1";
const chromiumPath = process.env.MARSAD_CHROMIUM || "/usr/bin/chromium";
const budgetMs = Number(process.env.MARSAD_UI_LOAD_BUDGET_MS || 5000);

function findBinary() {
  const candidates = [
    process.env.MARSAD_BIN,
    process.env.CARGO_TARGET_DIR && join(process.env.CARGO_TARGET_DIR, "debug/marsad"),
    join(homedir(), ".cache/marsad-target/debug/marsad"),
    join(repo, "target/debug/marsad"),
  ].filter(Boolean);
  return candidates.find((p) => existsSync(p));
}

let playwright = null;
try {
  playwright = await import("playwright-core");
} catch (_) {
  playwright = null;
}
const binary = findBinary();
const missing = [
  !existsSync(chromiumPath) && `chromium at ${chromiumPath} (apt-get install -y chromium)`,
  !playwright && "playwright-core (bash scripts/ui-assets.sh)",
  !binary && "the marsad binary (cargo build -p marsad-cli, or set MARSAD_BIN)",
].filter(Boolean);
if (missing.length && inCi) {
  console.error(`browser tests: missing ${missing.join("; ")}; MARSAD_CI=1 so this fails`);
  process.exit(1);
}
const skip = missing.length ? `missing ${missing.join("; ")}` : false;
if (skip) console.log(`browser tests skipped: ${skip}`);

const freePort = () =>
  new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });

const HOSTILE_ID = "hostile-001";
const HOSTILE = {
  id: HOSTILE_ID,
  url: "javascript:window.__xss = 3",
  outlet: "Test Outlet",
  title: "هجوم على حاجز <b>عاجل</b>",
  published: "2024-03-05",
  text:
    "قُتل ثلاثة عناصر من قوات سوريا الديمقراطية بهجوم شنه مسلحون من تنظيم داعش على حاجز في بلدة " +
    "الشحيل بريف دير الزور الشرقي، أمس الاثنين. <script>window.__xss = 1</script>\n" +
    'وقال مصدر محلي إن المهاجمين <img src=x onerror="window.__xss = 2"> فروا باتجاه البادية.',
};

describe("web UI in chromium", { skip }, () => {
  let dir, server, base, browser, context, token;
  const requests = [];
  const problems = [];
  const timings = {};

  async function api(path) {
    const response = await fetch(base + path);
    assert.equal(response.status, 200, path);
    return response.json();
  }

  /** Waits until the page finished a refresh (body[data-ready] holds a number). */
  async function settled(page) {
    await page.waitForFunction(() => /^\d+$/.test(document.body.dataset.ready || ""), null, { timeout: 15000 });
  }

  async function counts(page) {
    return page.evaluate(() => ({
      markers: Number(document.querySelector("#map").dataset.markers),
      timeline: Number(document.querySelector("#timeline").dataset.events),
      table: document.querySelector("#table-summary").textContent,
      rows: document.querySelectorAll("#events-table tbody tr[data-id]").length,
    }));
  }

  async function newPage() {
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    return page;
  }

  before(async () => {
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "marsad-ui-"));
    const db = join(dir, "demo.db");
    execFileSync(binary, ["demo", "--keep", db, "--no-serve"], { stdio: "ignore" });
    writeFileSync(join(dir, "hostile.jsonl"), JSON.stringify(HOSTILE) + "\n");
    execFileSync(binary, ["--db", db, "ingest", join(dir, "hostile.jsonl")], { stdio: "ignore" });
    token = execFileSync(binary, ["--db", db, "token", "create", "browser-test"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(binary, ["--db", db, "serve", "--addr", `127.0.0.1:${port}`], { stdio: "ignore" });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(base + "/api/stats")).ok) break;
      } catch (_) {
        /* not listening yet */
      }
      if (i > 100) throw new Error("marsad serve did not start");
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await playwright.chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--no-first-run",
        "--no-pings",
      ],
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 950 }, locale: "ar" });
    context.on("request", (r) => requests.push(r.url()));
  });

  after(async () => {
    if (browser) await browser.close();
    if (server) server.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (Object.keys(timings).length) {
      writeFileSync(join(shots, "timings.json"), JSON.stringify(timings, null, 2) + "\n");
    }
  });

  it("first load shows every demo event on the map, under the load budget", async () => {
    // First load = a fresh browser context (empty cache) from navigation to the map, timeline
    // and table drawn; three of them, the median is held to the budget.
    // Measured in the page: navigation start to the frame after map, timeline and table were
    // drawn (the UI's "marsad-painted" performance mark).
    const loads = [];
    const stages = [];
    for (let i = 0; i < 3; i++) {
      const fresh = await browser.newContext({ viewport: { width: 1400, height: 950 } });
      fresh.on("request", (r) => requests.push(r.url()));
      const p = await fresh.newPage();
      await p.goto(base + "/");
      await settled(p);
      const marks = await p.evaluate(() =>
        Object.fromEntries(
          performance
            .getEntriesByType("mark")
            .concat(performance.getEntriesByType("paint"))
            .map((m) => [m.name, Math.round(m.startTime)]),
        ),
      );
      loads.push(marks["marsad-painted"]);
      stages.push(marks);
      await fresh.close();
    }
    const wall = [...loads].sort((a, b) => a - b)[1];
    timings.first_load_ms = loads;
    timings.first_load_median_ms = wall;
    timings.stages_ms = stages;
    console.log(`first load (cold cache, navigation to data painted): ${loads.join(", ")} ms; median ${wall} ms`);
    console.log(`stages: ${JSON.stringify(stages[loads.indexOf(wall)])}`);
    const page = await newPage();
    await page.goto(base + "/");
    await settled(page);
    const { events, total } = await api("/api/events?limit=500");
    const placed = events.filter((e) => typeof e.latitude === "number" && typeof e.longitude === "number");
    const c = await counts(page);
    assert.ok(total >= 30 && placed.length >= 30, `demo events: ${total}, ${placed.length} placed`);
    assert.equal(c.markers, placed.length, "one marker per placed event");
    assert.equal(c.timeline, total, "the timeline counts every event");
    assert.match(c.table, new RegExp(String(total)));
    const drawn = await page.locator("#map .marker-cluster, #map path.event-marker").count();
    assert.ok(drawn > 0, "markers or clusters are drawn");
    assert.equal(await page.getAttribute("html", "dir"), "rtl");
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      return document.fonts.check("16px 'Noto Naskh Arabic'", "مرصد");
    });
    assert.ok(font, "the self-hosted Arabic font is loaded");
    await page.screenshot({ path: join(shots, "map.png"), fullPage: true });
    assert.ok(wall < budgetMs, `first load took ${wall} ms (median of ${loads.join(", ")}; budget ${budgetMs} ms)`);
    await page.close();
  });

  it("a governorate or map-area filter changes map, timeline and table together, and stays in the URL", async () => {
    const page = await newPage();
    await page.goto(base + "/");
    await settled(page);
    const before = await counts(page);
    await page.selectOption("select[name=admin1]", "Deir-ez-Zor");
    await page.waitForFunction(() => document.body.dataset.ready !== "loading" && location.search.includes("admin1=Deir-ez-Zor"));
    await settled(page);
    const { total } = await api("/api/events?admin1=Deir-ez-Zor&limit=1");
    const stats = await api("/api/stats?admin1=Deir-ez-Zor");
    const afterFilter = await counts(page);
    assert.ok(total > 0 && total < before.markers, `Deir-ez-Zor has ${total} of ${before.markers}`);
    assert.equal(afterFilter.markers, total, "map");
    assert.equal(afterFilter.timeline, stats.total.events, "timeline");
    assert.equal(afterFilter.timeline, total);
    assert.match(afterFilter.table, new RegExp(`^${total}\\b`), "table");
    assert.ok(afterFilter.rows > 0 && afterFilter.rows <= total);
    const admins = await page.$$eval("#events-table tbody tr[data-id] td:nth-child(5)", (tds) => tds.map((td) => td.dataset.admin1));
    assert.ok(admins.every((a) => a === "Deir-ez-Zor"), admins.join(","));
    await page.screenshot({ path: join(shots, "filtered-deir-ez-zor.png"), fullPage: true });
    // The URL is the view: opening it elsewhere shows the same selection.
    const shared = page.url();
    const other = await newPage();
    await other.goto(shared);
    await settled(other);
    assert.deepEqual(await counts(other), afterFilter);
    assert.equal(await other.inputValue("select[name=admin1]"), "Deir-ez-Zor");
    await other.close();
    // The map's view as the area: the events inside it, in map and table alike.
    await page.click("#reset");
    await settled(page);
    await page.click("#use-view");
    await page.waitForFunction(() => location.search.includes("bbox="));
    await settled(page);
    const bbox = new URL(page.url()).searchParams.get("bbox");
    const inView = await api(`/api/events?bbox=${bbox}&limit=500`);
    const viewed = await counts(page);
    assert.equal(viewed.markers, inView.events.filter((e) => typeof e.latitude === "number").length);
    assert.match(viewed.table, new RegExp(`^${inView.total}\\b`));
    await page.close();
    // An area given in the address: only events inside it.
    const area = await newPage();
    await area.goto(`${base}/?bbox=39,34,41.5,36`);
    await settled(area);
    const inside = await api("/api/events?bbox=39,34,41.5,36&limit=500");
    assert.ok(inside.total > 0 && inside.total < before.markers, `${inside.total} events in 39,34,41.5,36`);
    const shown = await counts(area);
    assert.equal(shown.markers, inside.total);
    assert.equal(shown.timeline, inside.total);
    assert.equal(await area.inputValue("input[name=bbox]"), "39,34,41.5,36");
    await area.close();
  });

  it("dragging across the timeline sets the dates of map, timeline and table", async () => {
    const page = await newPage();
    await page.goto(base + "/");
    await settled(page);
    const box = await page.locator("#timeline svg").boundingBox();
    // From the start of the axis to about its middle.
    await page.mouse.move(box.x + 25, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => location.search.includes("from=") && location.search.includes("to="));
    await settled(page);
    const params = new URL(page.url()).searchParams;
    const from = params.get("from"), to = params.get("to");
    assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(from < to);
    const { events, total } = await api(`/api/events?from=${from}&to=${to}&limit=500`);
    assert.ok(total > 0, `events between ${from} and ${to}`);
    const c = await counts(page);
    assert.equal(c.markers, events.filter((e) => typeof e.latitude === "number").length);
    assert.match(c.table, new RegExp(`^${total}\\b`));
    assert.equal(await page.inputValue("input[name=from]"), from);
    await page.close();
  });

  it("an event's evidence sentences and the words behind its fields are highlighted", async () => {
    // An event whose evidence has a marked place, actor and count (the API finds the words).
    const { events } = await api("/api/events?limit=500");
    let event = null;
    let expected = null;
    for (const e of events) {
      const article = await api(`/api/articles/${e.evidence[0]?.article_id || e.sources[0].article_id}`);
      const chars = Array.from(article.text);
      const mine = article.highlights.filter((h) => h.event_id === e.event_id);
      const fields = new Set(mine.map((h) => h.field));
      if (["evidence", "place", "actor", "count"].every((f) => fields.has(f))) {
        event = e;
        expected = {
          article: article.id,
          place: mine.filter((h) => h.field === "place").map((h) => chars.slice(h.start, h.end).join("")),
          actor: mine.filter((h) => h.field === "actor").map((h) => chars.slice(h.start, h.end).join("")),
        };
        break;
      }
    }
    assert.ok(event, "some demo event has its place, an actor and its count marked in its evidence");
    const page = await newPage();
    await page.goto(`${base}/?event=${event.event_id}`);
    await settled(page);
    const box = `#detail-body [data-article="${expected.article}"] .article-text`;
    await page.waitForSelector(`${box} .ev`);
    // Every evidence sentence of this article is highlighted, exactly (pieces joined in order).
    const shown = await page.$$eval(`${box} .ev`, (spans) => spans.map((s) => s.textContent).join(""));
    for (const ev of event.evidence.filter((e) => e.article_id === expected.article)) {
      assert.ok(shown.includes(ev.text), `evidence highlighted: ${ev.text}`);
    }
    const marks = (cls) => page.$$eval(`${box} .mark.${cls}`, (spans) => spans.map((s) => s.textContent));
    const places = (await marks("f-place")).join("|");
    const actors = (await marks("f-actor")).join("|");
    for (const p of expected.place) assert.ok(places.includes(p), `place word ${p} marked in ${places}`);
    for (const a of expected.actor) assert.ok(actors.includes(a), `actor word ${a} marked in ${actors}`);
    assert.ok((await marks("f-count")).length > 0, "a count is marked");
    await page.locator(box).first().scrollIntoViewIfNeeded();
    const fields = await page.$$eval("#detail-body table.fields tr", (rows) =>
      Object.fromEntries(rows.map((r) => [r.dataset.field, r.querySelector("td").textContent])),
    );
    assert.equal(fields.event_id, event.event_id);
    assert.equal(fields.sub_event_type, event.sub_event_type);
    await page.screenshot({ path: join(shots, "event-detail.png"), fullPage: false });
    await page.close();
  });

  it("a review edit with a token persists after a reload and shows in the history", async () => {
    const { events } = await api("/api/events?limit=1&admin1=Aleppo");
    const event = events[0];
    const page = await newPage();
    await page.goto(`${base}/?event=${event.event_id}`);
    await settled(page);
    await page.waitForSelector("#edit-form", { state: "attached" });
    await page.click("#detail-body details.review-more summary");
    // Without a token the UI says one is needed and nothing changes.
    await page.fill("#edit-form input[name=fatalities]", String(event.fatalities + 7));
    await page.click("#edit-save");
    await page.waitForSelector("#detail-body .review-msg.error");
    assert.equal((await api(`/api/events/${event.event_id}`)).fatalities, event.fatalities);
    await page.fill("#token", token);
    await page.dispatchEvent("#token", "change");
    await page.fill("#edit-form input[name=fatalities]", String(event.fatalities + 7));
    await page.fill("#detail-body input[name=reason]", "browser test: toll corrected");
    await page.click("#edit-save");
    await page.waitForSelector("#detail-body .review-msg.ok");
    await page.reload();
    await settled(page);
    await page.locator("#detail-body table.history").scrollIntoViewIfNeeded();
    await page.waitForSelector("#detail-body table.history td");
    const fatalities = await page.textContent("#detail-body table.fields tr[data-field=fatalities] td");
    assert.equal(fatalities, String(event.fatalities + 7));
    const history = await page.$$eval("#detail-body table.history tr", (rows) => rows.map((r) => r.textContent));
    assert.ok(history.some((h) => h.includes("fatalities") && h.includes("browser-test") && h.includes("toll corrected")), history.join("\n"));
    assert.match(await page.textContent("#detail-body table.fields tr[data-field=review] td"), /browser-test/);
    const stored = await api(`/api/events/${event.event_id}`);
    assert.equal(stored.fatalities, event.fatalities + 7);
    assert.equal(stored.review.status, "edited");
    await page.screenshot({ path: join(shots, "review-history.png"), fullPage: false });
    await page.close();
  });

  it("an article holding <script> and <img onerror> shows them as text", async () => {
    const article = await api(`/api/articles/${HOSTILE_ID}`);
    assert.ok(article.events.length > 0, "the hostile article produced an event");
    const page = await newPage();
    await page.goto(`${base}/?event=${article.events[0]}`);
    await settled(page);
    await page.waitForSelector(`#detail-body [data-article="${HOSTILE_ID}"] .article-text`);
    const box = `#detail-body [data-article="${HOSTILE_ID}"]`;
    const text = await page.textContent(box);
    assert.ok(text.includes("<script>window.__xss = 1</script>"), text);
    assert.ok(text.includes('<img src=x onerror="window.__xss = 2">'), text);
    assert.ok(text.includes("<b>عاجل</b>"), "the title is text too");
    assert.equal(await page.locator(`${box} script, ${box} img, ${box} b`).count(), 0);
    // Its javascript: address is shown, not linked.
    assert.equal(await page.locator('#detail-body a[href^="javascript"]').count(), 0);
    const head = await page.textContent(`#detail-body .source:has([data-article="${HOSTILE_ID}"]) .source-head`);
    assert.ok(head.includes("javascript:window.__xss = 3"), head);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    await page.locator(box).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, "hostile-article.png"), fullPage: false });
    await page.close();
  });

  it("the unresolved places page lists names with their articles, and setting one on the map moves its events; English labels on demand", async () => {
    const { places } = await api("/api/places/unresolved");
    const page = await newPage();
    await page.goto(`${base}/?view=places`);
    await page.waitForFunction(() => document.body.dataset.places !== undefined);
    assert.equal(Number(await page.evaluate(() => document.body.dataset.places)), places.length);
    if (places.length) {
      const name = await page.textContent("#places-table tbody tr td.place-name");
      assert.equal(name, places[0].name_ar);
      await page.click("#places-table tbody tr button.link");
      await page.waitForSelector("#place-article .article-text");
      assert.ok((await page.locator("#place-article .article-text .mark.f-place").count()) > 0, "the name is marked in its article");
    }
    await page.screenshot({ path: join(shots, "unresolved-places.png"), fullPage: true });
    // Setting a name's coordinates on the map moves the events placed there.
    const { events } = await api("/api/events?limit=500");
    const place = places.find((p) => events.some((e) => e.location_ar === p.name_ar));
    assert.ok(place, "the demo has an unresolved name with events placed at it");
    {
      const placed = events.filter((e) => e.location_ar === place.name_ar).map((e) => e.event_id);
      await page.fill("#token", token);
      await page.click(`#places-table tbody tr[data-name="${place.name_ar}"] button.choose`);
      await page.locator("#places-map").scrollIntoViewIfNeeded();
      const box = await page.locator("#places-map").boundingBox();
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
      const lat = Number(await page.inputValue("#place-form input[name=latitude]"));
      const lon = Number(await page.inputValue("#place-form input[name=longitude]"));
      assert.ok(lat > 30 && lat < 40 && lon > 33 && lon < 44, `picked ${lat},${lon}`);
      await page.click("#place-form button[type=submit]");
      await page.waitForFunction(() => /SYR-/.test(document.querySelector("#place-result").textContent));
      for (const id of placed) {
        const moved = await api(`/api/events/${id}`);
        assert.equal(moved.latitude, lat, id);
        assert.equal(moved.longitude, lon, id);
      }
      const left = (await api("/api/places/unresolved")).places.map((p) => p.name_ar);
      assert.ok(!left.includes(place.name_ar), "the name left the unresolved list");
    }
    await page.click("#lang");
    assert.equal(await page.getAttribute("html", "lang"), "en");
    assert.equal(await page.textContent("#nav-places"), "Unresolved places");
    await page.click("#nav-events");
    await settled(page);
    await page.screenshot({ path: join(shots, "map-english.png"), fullPage: false });
    await page.close();
  });

  it("no request left localhost and the pages logged no errors", () => {
    assert.ok(requests.length > 20, `requests seen: ${requests.length}`);
    const outside = requests.filter((u) => !u.startsWith(base + "/") && !u.startsWith("data:"));
    assert.deepEqual(outside, [], "every request stays on the local server");
    assert.deepEqual(problems, []);
  });
});
