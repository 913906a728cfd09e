// marsad's web UI: map, timeline and table over one shared filter (kept in the URL), event
// detail with highlighted evidence, review actions, and the unresolved places page.
// All data is written into the page with textContent / DOM nodes, never as HTML.
"use strict";

(function () {
  // ---------------------------------------------------------------- labels (Arabic first)
  const LABELS = {
    ar: {
      title: "مرصد", nav_events: "الأحداث", nav_places: "أماكن غير معروفة", token: "رمز المراجعة",
      from: "من", to: "إلى", admin1: "المحافظة", actor: "الفاعل", event_type: "نوع الحدث",
      status: "حالة المراجعة", q: "بحث", apply: "تطبيق", reset: "مسح", all: "الكل",
      st_unreviewed: "لم يراجع", st_confirmed: "مؤكد", st_edited: "معدل", st_rejected: "مرفوض",
      admin2: "المنطقة", bbox: "حدود الخريطة", use_view: "حصر بالمعروض", use_view_title: "حصر الأحداث بالجزء المعروض من الخريطة",
      timeline: "الخط الزمني", timeline_key: "الأعمدة: عدد الأحداث أسبوعياً · الخط: القتلى · اسحب عبر الأسابيع لاختيار الفترة", clear_dates: "كل التواريخ", events: "الأحداث", export: "تصدير:",
      col_date: "التاريخ", col_type: "النوع", col_actor1: "الفاعل الأول", col_actor2: "الفاعل الثاني",
      col_admin1: "المحافظة", col_location: "المكان", col_fatalities: "القتلى", col_source: "المصدر",
      col_status: "الحالة", prev: "السابق", next: "التالي", close: "إغلاق",
      unresolved_title: "أسماء أماكن لم يعرفها المعجم الجغرافي",
      unresolved_help: "اختر اسماً، ثم انقر على الخريطة لتحديد موقعه، ثم احفظ: تنتقل الأحداث المسجلة في هذا المكان إليه.",
      place_name: "الاسم", mentions: "الإشارات", articles: "المقالات", latitude: "خط العرض",
      longitude: "خط الطول", name_en: "الاسم بالإنجليزية", save_place: "حفظ الموقع",
      footer: "البيانات من مخزن مرصد المحلي؛ الخريطة من Natural Earth (ملكية عامة).",
      events_n: "حدث", fatalities_n: "قتيل", page: "صفحة", of: "من", showing: "المعروض على الخريطة",
      fields: "الحقول", sources: "المصادر", evidence: "النص والأدلة", claims: "التبني والإبلاغ",
      history: "سجل التعديلات", review: "المراجعة", confirm: "تأكيد", reject: "رفض", edit: "تعديل",
      merge: "دمج", split: "فصل", set_place: "تحديد المكان على الخريطة", save: "حفظ",
      reason: "السبب", other_event: "رقم الحدث المدموج", split_help: "المقالات التي تنتقل إلى حدث جديد:",
      need_token: "أدخل رمز المراجعة في أعلى الصفحة لتعديل الأحداث.",
      stale: "تغير الحدث منذ تحميله؛ أعيد تحميله، راجع التغييرات ثم أعد المحاولة.",
      saved: "حُفظ.", error: "خطأ", pick_on_map: "انقر على الخريطة لاختيار الموقع…",
      at: "في", by: "بواسطة", field: "الحقل", before: "قبل", after: "بعد", when: "الوقت",
      no_history: "لا تعديلات بعد.", no_events: "لا أحداث تطابق المرشحات.",
      legend_place: "مكان", legend_actor: "فاعل", legend_count: "عدد", legend_date: "تاريخ",
      legend_evidence: "جملة دليل", other_events_evidence: "دليل لحدث آخر",
      claimed_by: "تبناه", reported_by: "نقلاً عن", casualties: "الضحايا",
      killed: "قتلى", injured: "جرحى", chose_place: "الاسم المختار:", moved: "أحداث نُقلت:",
      vendor_missing: "ملفات الخريطة والخط غير مضمنة في هذا البرنامج: شغّل scripts/ui-assets.sh ثم أعد البناء.",
      load_error: "تعذر تحميل البيانات:",
      subtypes: {
        "Armed clash": "اشتباك مسلح", "Government regains territory": "استعادة الحكومة أراضي",
        "Non-state actor overtakes territory": "سيطرة جهة غير حكومية على أراضٍ", "Chemical weapon": "سلاح كيميائي",
        "Air/drone strike": "غارة جوية/بمسيرة", "Suicide bomb": "تفجير انتحاري",
        "Shelling/artillery/missile attack": "قصف مدفعي/صاروخي", "Remote explosive/landmine/IED": "عبوة ناسفة/لغم",
        "Grenade": "قنبلة يدوية", "Sexual violence": "عنف جنسي", "Attack": "هجوم",
        "Abduction/forced disappearance": "خطف/إخفاء قسري", "Peaceful protest": "احتجاج سلمي",
        "Protest with intervention": "احتجاج مع تدخل", "Excessive force against protesters": "قوة مفرطة ضد المحتجين",
        "Violent demonstration": "تظاهرة عنيفة", "Mob violence": "عنف جماعي", "Agreement": "اتفاق",
        "Arrests": "اعتقالات", "Change to group/activity": "تغير في جماعة/نشاط",
        "Disrupted weapons use": "إحباط استخدام سلاح", "Headquarters or base established": "إنشاء مقر أو قاعدة",
        "Looting/property destruction": "نهب/تدمير ممتلكات",
        "Non-violent transfer of territory": "انتقال غير عنيف للسيطرة", "Other": "أخرى",
      },
      types: {
        "Battles": "معارك", "Explosions/Remote violence": "تفجيرات/عنف عن بعد",
        "Violence against civilians": "عنف ضد المدنيين", "Protests": "احتجاجات", "Riots": "أعمال شغب",
        "Strategic developments": "تطورات استراتيجية",
      },
    },
    en: {
      title: "marsad", nav_events: "Events", nav_places: "Unresolved places", token: "Review token",
      from: "From", to: "To", admin1: "Governorate", actor: "Actor", event_type: "Event type",
      status: "Review status", q: "Search", apply: "Apply", reset: "Clear", all: "All",
      st_unreviewed: "Unreviewed", st_confirmed: "Confirmed", st_edited: "Edited", st_rejected: "Rejected",
      admin2: "District", bbox: "Map area", use_view: "Limit to view", use_view_title: "Limit the events to the part of the map in view",
      timeline: "Timeline", timeline_key: "Bars: events per week · line: fatalities · drag across weeks to choose the period", clear_dates: "All dates", events: "Events", export: "Export:",
      col_date: "Date", col_type: "Type", col_actor1: "Actor 1", col_actor2: "Actor 2",
      col_admin1: "Governorate", col_location: "Location", col_fatalities: "Fatalities", col_source: "Source",
      col_status: "Status", prev: "Previous", next: "Next", close: "Close",
      unresolved_title: "Place names the gazetteer did not know",
      unresolved_help: "Choose a name, click the map where it is, then save: the events coded there move to it.",
      place_name: "Name", mentions: "Mentions", articles: "Articles", latitude: "Latitude",
      longitude: "Longitude", name_en: "English name", save_place: "Save location",
      footer: "Data from the local marsad store; map from Natural Earth (public domain).",
      events_n: "events", fatalities_n: "fatalities", page: "page", of: "of", showing: "on the map",
      fields: "Fields", sources: "Sources", evidence: "Text and evidence", claims: "Claims and reporting",
      history: "History", review: "Review", confirm: "Confirm", reject: "Reject", edit: "Edit",
      merge: "Merge", split: "Split", set_place: "Set the place on the map", save: "Save",
      reason: "Reason", other_event: "Event to merge in", split_help: "Articles that move to a new event:",
      need_token: "Enter a review token at the top of the page to change events.",
      stale: "The event changed since it was loaded; it has been reloaded: check the changes and retry.",
      saved: "Saved.", error: "Error", pick_on_map: "Click the map to choose the location…",
      at: "at", by: "by", field: "Field", before: "Before", after: "After", when: "When",
      no_history: "No changes yet.", no_events: "No events match the filters.",
      legend_place: "place", legend_actor: "actor", legend_count: "count", legend_date: "date",
      legend_evidence: "evidence sentence", other_events_evidence: "evidence of another event",
      claimed_by: "Claimed by", reported_by: "Reported by", casualties: "Casualties",
      killed: "killed", injured: "injured", chose_place: "Chosen name:", moved: "Events moved:",
      vendor_missing: "The map and font files are not built into this binary: run scripts/ui-assets.sh and rebuild.",
      load_error: "Could not load data:",
      types: {},
    },
  };
  const EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians",
    "Protests", "Riots", "Strategic developments"];
  const TYPE_COLOURS = {
    "Battles": "#c0392b", "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad", "Protests": "#2980b9", "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
  };
  const SUB_EVENT_TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
      "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
      "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"],
  };
  const FILTERS = ["from", "to", "admin1", "admin2", "bbox", "actor", "event_type", "status", "q"];
  const PAGE = 25;
  const MAP_CAP = 5000;

  const $ = (sel, root) => (root || document).querySelector(sel);
  const state = {
    lang: "ar", filters: {}, sort: "-event_date", cursors: [null], page: 0,
    event: null, view: "events", governorates: null, counts: {}, pick: null,
  };
  let map = null, clusters = null, govLayer = null, placesMap = null, placesMarker = null;
  // Resolved once the map and its base layers exist; data may arrive before.
  let mapReadyResolve;
  const mapReady = new Promise((resolve) => { mapReadyResolve = resolve; });

  const t = (key) => (LABELS[state.lang][key] !== undefined ? LABELS[state.lang][key] : LABELS.ar[key] || key);
  const typeLabel = (type) => (state.lang === "ar" && LABELS.ar.types[type]) || type;
  const subtypeLabel = (sub) => (state.lang === "ar" && LABELS.ar.subtypes[sub]) || sub;
  /** A governorate's name in the interface language (the data keeps OCHA's English name). */
  function adminLabel(admin1) {
    if (state.lang !== "ar" || !admin1 || !state.governorates) return admin1 || "";
    const f = state.governorates.features.find((g) => g.properties.admin1_en === admin1);
    return f ? f.properties.name_ar : admin1;
  }
  const locale = () => (state.lang === "ar" ? "ar-SY-u-nu-latn" : "en-GB");
  const fmtNum = (n) => (n === null || n === undefined ? "" : new Intl.NumberFormat(locale()).format(n));
  function fmtDate(iso) {
    if (!iso) return "";
    const d = new Date(iso.length === 10 ? iso + "T00:00:00Z" : iso);
    if (isNaN(d)) return iso;
    const opts = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
    if (iso.length > 10) Object.assign(opts, { hour: "2-digit", minute: "2-digit" });
    return new Intl.DateTimeFormat(locale(), opts).format(d);
  }

  /** Builds an element: el("td", {class: "x", title: "y"}, child, "text", ...). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function banner(message, kind) {
    const b = $("#banner");
    b.textContent = message || "";
    b.className = kind || "error";
    b.hidden = !message;
  }

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const err = new Error((body && body.error) || response.status + " " + response.statusText);
      err.status = response.status;
      throw err;
    }
    return body;
  }

  // ---------------------------------------------------------------- URL <-> state
  function readUrl() {
    const p = new URLSearchParams(location.search);
    state.filters = {};
    for (const k of FILTERS) if (p.get(k)) state.filters[k] = p.get(k);
    state.lang = p.get("lang") === "en" ? "en" : "ar";
    state.sort = ["event_date", "-event_date", "fatalities", "-fatalities"].includes(p.get("sort")) ? p.get("sort") : "-event_date";
    state.event = p.get("event") || null;
    state.view = p.get("view") === "places" ? "places" : "events";
  }
  function writeUrl() {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k]) p.set(k, state.filters[k]);
    if (state.sort !== "-event_date") p.set("sort", state.sort);
    if (state.event) p.set("event", state.event);
    if (state.view !== "events") p.set("view", state.view);
    if (state.lang !== "ar") p.set("lang", state.lang);
    const qs = p.toString();
    history.replaceState(null, "", qs ? "?" + qs : location.pathname);
  }
  function filterQuery(extra, omit) {
    const p = new URLSearchParams();
    for (const k of FILTERS) if (state.filters[k] && !(omit || []).includes(k)) p.set(k, state.filters[k]);
    for (const [k, v] of Object.entries(extra || {})) if (v !== null && v !== undefined) p.set(k, v);
    return p.toString();
  }

  // ---------------------------------------------------------------- labels and language
  function applyLabels() {
    document.documentElement.lang = state.lang;
    document.documentElement.dir = state.lang === "ar" ? "rtl" : "ltr";
    document.title = t("title");
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("#lang").textContent = state.lang === "ar" ? "English" : "العربية";
    $("#lang").lang = state.lang === "ar" ? "en" : "ar";
    for (const opt of $("select[name=event_type]").options) if (opt.value) opt.textContent = typeLabel(opt.value);
    for (const opt of $("select[name=admin1]").options) {
      if (opt.value) opt.textContent = state.lang === "ar" ? opt.dataset.ar : opt.value;
    }
    renderLegend();
  }

  function fillFilterForm() {
    const form = $("#filters");
    for (const k of FILTERS) form.elements[k].value = state.filters[k] || "";
  }

  // ---------------------------------------------------------------- map
  function radius(fatalities) { return Math.min(26, 5 + 3 * Math.sqrt(fatalities || 0)); }

  // Base polygons are drawn on a canvas (thousands of vertices); markers stay SVG.
  const canvas = () => L.canvas({ padding: 0.3 });
  function baseLayers(target) {
    return L.geoJSON(state.neighbours, {
      style: { color: "#9aa3ab", weight: 1, fillColor: "#e9ecef", fillOpacity: 1 }, interactive: false,
      renderer: canvas(),
    }).addTo(target);
  }

  function initMap() {
    map = L.map("map", { zoomSnap: 0.5, minZoom: 4, maxZoom: 13 })
      .setView([35.0, 38.5], 6.5);
    map.attributionControl.setPrefix("Leaflet | Natural Earth");
    baseLayers(map);
    govLayer = L.geoJSON(state.governorates, {
      renderer: canvas(),
      style: () => ({ color: "#5f6b76", weight: 1, fillColor: "#ffffff", fillOpacity: 0.9 }),
      onEachFeature: (feature, layer) => {
        layer.on("click", () => setFilters({ admin1: feature.properties.admin1_en }));
        layer.on("mouseover", () => layer.setStyle({ weight: 2.5 }));
        layer.on("mouseout", () => layer.setStyle({ weight: 1 }));
        const tip = el("span");
        layer.bindTooltip(tip, { sticky: true, direction: "top" });
        layer.on("tooltipopen", () => {
          const p = feature.properties;
          tip.textContent = (state.lang === "ar" ? p.name_ar : p.admin1_en) + ": " +
            fmtNum(state.counts[p.admin1_pcode] || 0) + " " + t("events_n");
        });
      },
    }).addTo(map);
    clusters = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 35 });
    map.addLayer(clusters);
    map.on("click", (e) => {
      if (state.pick) {
        state.pick(e.latlng);
        state.pick = null;
        $("#map").classList.remove("picking");
      }
    });
  }

  function choropleth(events) {
    const counts = {};
    for (const e of events) if (e.admin1_pcode) counts[e.admin1_pcode] = (counts[e.admin1_pcode] || 0) + 1;
    state.counts = counts;
    const max = Math.max(1, ...Object.values(counts));
    govLayer.setStyle((feature) => {
      const n = counts[feature.properties.admin1_pcode] || 0;
      const selected = state.filters.admin1 &&
        [feature.properties.admin1_en, feature.properties.name_ar, feature.properties.admin1_pcode].includes(state.filters.admin1);
      const share = n / max;
      return {
        color: selected ? "#1d3557" : "#5f6b76", weight: selected ? 3 : 1,
        fillColor: n ? `rgb(${Math.round(255 - 60 * share)}, ${Math.round(240 - 150 * share)}, ${Math.round(220 - 170 * share)})` : "#ffffff",
        fillOpacity: 0.9,
      };
    });
  }

  function drawMarkers(events) {
    clusters.clearLayers();
    const markers = [];
    for (const e of events) {
      if (typeof e.latitude !== "number" || typeof e.longitude !== "number") continue;
      const colour = TYPE_COLOURS[e.event_type] || "#333";
      const m = L.circleMarker([e.latitude, e.longitude], {
        radius: radius(e.fatalities), color: "#222", weight: 1, fillColor: colour, fillOpacity: 0.85,
        className: "event-marker",
      });
      const tip = el("span", {}, e.event_id + " · " + fmtDate(e.event_date) + " · " + typeLabel(e.event_type) +
        (e.fatalities ? " · " + fmtNum(e.fatalities) + " " + t("fatalities_n") : ""));
      m.bindTooltip(tip);
      m.on("click", () => openEvent(e.event_id));
      m.eventId = e.event_id;
      markers.push(m);
    }
    clusters.addLayers(markers);
    $("#map").dataset.markers = String(markers.length);
    $("#map-summary").textContent = t("showing") + ": " + fmtNum(markers.length) + " " + t("events_n") +
      (state.mapTotal > events.length ? " (" + t("of") + " " + fmtNum(state.mapTotal) + ")" : "");
  }

  function renderLegend() {
    const legend = $("#legend");
    legend.textContent = "";
    for (const type of EVENT_TYPES) {
      legend.append(el("span", { class: "legend-item" },
        el("span", { class: "swatch", "data-type": type }), typeLabel(type)));
    }
  }

  // ---------------------------------------------------------------- timeline
  function renderTimeline(weeks) {
    const box = $("#timeline");
    box.textContent = "";
    const byWeek = new Map();
    for (const w of weeks) {
      const cur = byWeek.get(w.week) || { events: 0, fatalities: 0 };
      cur.events += w.events; cur.fatalities += w.fatalities;
      byWeek.set(w.week, cur);
    }
    const keys = [...byWeek.keys()].sort();
    const total = [...byWeek.values()].reduce((a, w) => ({ events: a.events + w.events, fatalities: a.fatalities + w.fatalities }), { events: 0, fatalities: 0 });
    $("#timeline-summary").textContent = fmtNum(total.events) + " " + t("events_n") + " · " + fmtNum(total.fatalities) + " " + t("fatalities_n");
    box.dataset.weeks = String(keys.length);
    box.dataset.events = String(total.events);
    if (!keys.length) return;
    // A continuous weekly axis from the first to the last week with events.
    const first = new Date(keys[0] + "T00:00:00Z"), last = new Date(keys[keys.length - 1] + "T00:00:00Z");
    const DAY = 86400000, WEEK = 7 * DAY;
    const n = Math.round((last - first) / WEEK) + 1;
    const W = Math.max(box.clientWidth || 800, 300), H = 200, pad = 22;
    const bw = (W - 2 * pad) / n;
    const maxE = Math.max(1, ...[...byWeek.values()].map((w) => w.events));
    const maxF = Math.max(1, ...[...byWeek.values()].map((w) => w.fatalities));
    const NS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("width", W); svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const mk = (tag, attrs) => { const n2 = document.createElementNS(NS, tag); for (const [k, v] of Object.entries(attrs)) n2.setAttribute(k, v); return n2; };
    const iso = (d) => d.toISOString().slice(0, 10);
    const weekAt = (i) => new Date(first.getTime() + i * WEEK);
    const from = state.filters.from, to = state.filters.to;
    let fPath = "";
    for (let i = 0; i < n; i++) {
      const key = iso(weekAt(i));
      const w = byWeek.get(key);
      const x = pad + i * bw;
      if (w) {
        const h = ((H - 2 * pad) * w.events) / maxE;
        const inRange = (!from || iso(new Date(weekAt(i).getTime() + 6 * DAY)) >= from) && (!to || key <= to);
        const bar = mk("rect", { x: x + 0.5, y: H - pad - h, width: Math.max(1, bw - 1), height: h, class: inRange ? "bar" : "bar out" });
        const title = mk("title", {});
        title.textContent = fmtDate(key) + ": " + fmtNum(w.events) + " " + t("events_n") + ", " + fmtNum(w.fatalities) + " " + t("fatalities_n");
        bar.append(title);
        svg.append(bar);
      }
      const fy = H - pad - ((H - 2 * pad) * (w ? w.fatalities : 0)) / maxF;
      fPath += (i ? "L" : "M") + (x + bw / 2).toFixed(1) + "," + fy.toFixed(1);
    }
    svg.append(mk("path", { d: fPath, class: "fatality-line" }));
    svg.append(mk("line", { x1: pad, x2: W - pad, y1: H - pad, y2: H - pad, class: "axis" }));
    const years = new Set();
    let lastLabel = -Infinity;
    for (let i = 0; i < n; i++) {
      const y = weekAt(i).getUTCFullYear();
      if (!years.has(y)) {
        years.add(y);
        if (pad + i * bw - lastLabel < 34) continue; // too close to the previous year's label
        lastLabel = pad + i * bw;
        const label = mk("text", { x: pad + i * bw, y: H - 6, class: "tick" });
        label.textContent = String(y);
        svg.append(label);
      }
    }
    // Brushing: drag across weeks to set from/to.
    const brush = mk("rect", { x: 0, y: pad - 6, width: 0, height: H - 2 * pad + 6, class: "brush", visibility: "hidden" });
    svg.append(brush);
    let start = null;
    const xToIndex = (clientX) => {
      const r = svg.getBoundingClientRect();
      return Math.max(0, Math.min(n - 1, Math.floor((clientX - r.left - pad) / bw)));
    };
    svg.addEventListener("pointerdown", (ev) => {
      start = xToIndex(ev.clientX);
      svg.setPointerCapture(ev.pointerId);
      brush.setAttribute("visibility", "visible");
      brush.setAttribute("x", pad + start * bw); brush.setAttribute("width", bw);
    });
    svg.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const i = xToIndex(ev.clientX);
      const a = Math.min(start, i), b = Math.max(start, i);
      brush.setAttribute("x", pad + a * bw); brush.setAttribute("width", (b - a + 1) * bw);
    });
    svg.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const i = xToIndex(ev.clientX);
      const a = Math.min(start, i), b = Math.max(start, i);
      start = null;
      setFilters({ from: iso(weekAt(a)), to: iso(new Date(weekAt(b).getTime() + 6 * DAY)) });
    });
    box.append(svg);
    $("#clear-brush").hidden = !(from || to);
  }

  // ---------------------------------------------------------------- table
  function statusBadge(status) {
    return el("span", { class: "badge st-" + status }, t("st_" + status));
  }

  function renderTable(page) {
    const body = $("#events-table tbody");
    body.textContent = "";
    if (!page.events.length) body.append(el("tr", {}, el("td", { colspan: 9, class: "empty" }, t("no_events"))));
    for (const e of page.events) {
      const tr = el("tr", { "data-id": e.event_id, tabindex: 0, class: e.event_id === state.event ? "selected" : null },
        el("td", { title: e.event_date }, fmtDate(e.event_date)),
        el("td", { title: e.sub_event_type }, el("span", { class: "swatch", "data-type": e.event_type }), subtypeLabel(e.sub_event_type)),
        el("td", { dir: "ltr" }, e.actor1),
        el("td", { dir: "ltr" }, e.actor2),
        el("td", { title: e.admin1 || "", "data-admin1": e.admin1 || "" }, adminLabel(e.admin1)),
        el("td", {}, state.lang === "ar" ? (e.location_ar || e.location || "") : (e.location || e.location_ar || "")),
        el("td", { class: "num" }, fmtNum(e.fatalities)),
        el("td", { dir: "ltr" }, e.source),
        el("td", {}, statusBadge(e.review.status)));
      tr.addEventListener("click", () => openEvent(e.event_id));
      tr.addEventListener("keydown", (ev) => { if (ev.key === "Enter") openEvent(e.event_id); });
      body.append(tr);
    }
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    $("#table-summary").textContent = fmtNum(page.total) + " " + t("events_n");
    $("#page-no").textContent = t("page") + " " + fmtNum(state.page + 1) + " " + t("of") + " " + fmtNum(pages);
    $("#prev").disabled = state.page === 0;
    $("#next").disabled = !page.next;
    state.cursors[state.page + 1] = page.next;
    for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
      const key = th.dataset.sort;
      th.classList.toggle("sorted-asc", state.sort === key);
      th.classList.toggle("sorted-desc", state.sort === "-" + key);
    }
    for (const fmt of ["csv", "geojson", "jsonl"]) {
      const omit = state.filters.status === "rejected" ? ["status"] : [];
      const qs = filterQuery({ sort: state.sort }, omit);
      $("#export-" + fmt).href = "/api/export." + fmt + (qs ? "?" + qs : "");
    }
  }

  async function loadTable() {
    const page = await api("/api/events?" + filterQuery({ sort: state.sort, limit: PAGE, cursor: state.cursors[state.page] }));
    renderTable(page);
  }

  // ---------------------------------------------------------------- refresh everything
  let generation = 0;
  async function refresh() {
    const mine = ++generation;
    writeUrl();
    choroplethPending();
    try {
      state.cursors = [null]; state.page = 0;
      const mapEvents = [];
      let cursor = null;
      const mapLoad = (async () => {
        do {
          const page = await api("/api/events?" + filterQuery({ limit: 500, cursor }));
          mapEvents.push(...page.events);
          state.mapTotal = page.total;
          cursor = page.next;
        } while (cursor && mapEvents.length < MAP_CAP);
      })();
      const [stats] = await Promise.all([
        api("/api/stats?" + filterQuery({}, ["from", "to"])),
        mapLoad,
        loadTable(),
      ]);
      if (mine !== generation) return;
      performance.mark("marsad-data");
      renderTimeline(stats.weeks);
      await mapReady;
      if (mine !== generation) return;
      drawMarkers(mapEvents);
      choropleth(mapEvents);
      performance.mark("marsad-drawn");
      banner("");
    } catch (err) {
      if (mine === generation) banner(t("load_error") + " " + err.message);
    }
    // Ready once the browser has painted the result (the frame after it was drawn).
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    performance.mark("marsad-painted");
    if (mine === generation) document.body.dataset.ready = String(mine);
  }
  function choroplethPending() { document.body.dataset.ready = "loading"; }

  function setFilters(changes) {
    for (const [k, v] of Object.entries(changes)) {
      if (v) state.filters[k] = v; else delete state.filters[k];
    }
    fillFilterForm();
    refresh();
  }

  // ---------------------------------------------------------------- event detail
  /** Splits `text` at highlight boundaries (character offsets, as Rust counts them) and
   *  returns DOM nodes: evidence spans of this event, of other events, and field marks. */
  function highlighted(text, highlights, eventId) {
    const chars = Array.from(text);
    const cuts = new Set([0, chars.length]);
    const spans = highlights.filter((h) => h.start < h.end && h.end <= chars.length);
    for (const h of spans) { cuts.add(h.start); cuts.add(h.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = chars.slice(a, b).join("");
      const over = spans.filter((h) => h.start <= a && h.end >= b);
      if (!over.length) { frag.append(document.createTextNode(piece)); continue; }
      const classes = new Set();
      const titles = [];
      for (const h of over) {
        const mine = h.event_id === eventId;
        if (h.field === "evidence") classes.add(mine ? "ev" : "ev-other");
        else if (mine) { classes.add("mark"); classes.add("f-" + h.field); titles.push(t("legend_" + h.field) || h.field); }
      }
      if (!classes.size) { frag.append(document.createTextNode(piece)); continue; }
      const span = el("span", { class: [...classes].join(" "), title: titles.join(", ") || null }, piece);
      if (!classes.has("ev") && classes.has("ev-other")) {
        const other = over.find((h) => h.field === "evidence").event_id;
        span.title = t("other_events_evidence") + " " + other;
      }
      frag.append(span);
    }
    return frag;
  }

  function fieldRows(e) {
    const rows = [
      ["event_id", e.event_id], ["event_date", e.event_date + " (" + fmtDate(e.event_date) + ")"],
      ["time_precision", e.time_precision], ["disorder_type", e.disorder_type], ["event_type", e.event_type],
      ["sub_event_type", e.sub_event_type], ["actor1", e.actor1], ["assoc_actor_1", e.assoc_actor_1],
      ["inter1", e.inter1], ["actor2", e.actor2], ["assoc_actor_2", e.assoc_actor_2], ["inter2", e.inter2],
      ["interaction", e.interaction], ["civilian_targeting", e.civilian_targeting], ["country", e.country],
      ["admin1", e.admin1], ["admin2", e.admin2], ["admin3", e.admin3],
      ["admin1_pcode", e.admin1_pcode], ["admin2_pcode", e.admin2_pcode], ["admin3_pcode", e.admin3_pcode],
      ["location", e.location], ["location_ar", e.location_ar], ["latitude", e.latitude], ["longitude", e.longitude],
      ["geo_precision", e.geo_precision], ["fatalities", e.fatalities], ["fatalities_high", e.fatalities_high],
      ["source", e.source], ["source_scale", e.source_scale], ["notes", e.notes], ["tags", e.tags],
      ["review", t("st_" + e.review.status) + (e.review.by ? " · " + e.review.by : "") + (e.review.at ? " · " + fmtDate(e.review.at) : "")],
      ["timestamp", e.timestamp],
    ];
    const table = el("table", { class: "fields" });
    for (const [k, v] of rows) {
      table.append(el("tr", { "data-field": k }, el("th", { dir: "ltr" }, k),
        el("td", { dir: /[\u0600-\u06ff]/.test(String(v)) ? "rtl" : "ltr" }, v === null || v === undefined ? "" : String(v))));
    }
    return table;
  }

  function section(title, ...children) {
    return el("section", { class: "detail-section" }, el("h3", {}, title), ...children);
  }

  async function openEvent(id, keepScroll) {
    state.event = id;
    writeUrl();
    for (const tr of document.querySelectorAll("#events-table tbody tr")) tr.classList.toggle("selected", tr.dataset.id === id);
    const aside = $("#detail");
    aside.hidden = false;
    const body = $("#detail-body");
    let e;
    try {
      e = await api("/api/events/" + encodeURIComponent(id));
    } catch (err) {
      body.textContent = t("error") + ": " + err.message;
      return;
    }
    if (state.event !== id) return;
    const scroll = keepScroll ? aside.scrollTop : 0;
    $("#detail-title").textContent = e.event_id + " · " + typeLabel(e.event_type);
    body.textContent = "";
    body.dataset.event = e.event_id;
    body.dataset.timestamp = String(e.timestamp);
    body.append(reviewSection(e));
    // Sources, each with its article text and highlights; then every field.
    const sources = el("div", { class: "sources" });
    body.append(section(t("sources") + " / " + t("evidence"), legendFields(), sources));
    body.append(section(t("fields"), fieldRows(e)));
    for (const s of e.sources) {
      // Only web addresses become links; anything else (javascript:, data:...) stays text.
      const link = !s.url ? null : /^https?:\/\//i.test(s.url)
        ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer", dir: "ltr" }, s.url)
        : el("span", { dir: "ltr", class: "bad-url" }, s.url);
      const art = el("div", { class: "article", dir: "rtl", lang: "ar", "data-article": s.article_id }, "…");
      sources.append(el("div", { class: "source" },
        el("div", { class: "source-head" }, el("strong", {}, s.outlet || ""), " · ", fmtDate(s.published), " · ",
          el("code", {}, s.article_id), " ", link), art));
      api("/api/articles/" + encodeURIComponent(s.article_id)).then((a) => {
        art.textContent = "";
        if (a.title) art.append(el("h4", {}, a.title));
        art.append(el("p", { class: "article-text" }, highlighted(a.text, a.highlights || [], e.event_id)));
      }).catch((err) => { art.textContent = t("error") + ": " + err.message; });
    }
    // Claims, reporting, casualties.
    const claims = el("ul", { class: "claims" });
    for (const c of e.claims || []) claims.append(el("li", {}, [c.by, c.channel, c.date, c.article_id].filter(Boolean).join(" · ")));
    if ((e.claimed_by || []).length) claims.append(el("li", {}, t("claimed_by") + ": " + e.claimed_by.join("، ")));
    if ((e.reported_by || []).length) claims.append(el("li", {}, t("reported_by") + ": " + e.reported_by.join("، ")));
    for (const c of e.casualties || []) {
      claims.append(el("li", {}, t("casualties") + ": " + c.group + " — " +
        (c.killed !== null && c.killed !== undefined ? fmtNum(c.killed) + " " + t("killed") : "") +
        (c.injured !== null && c.injured !== undefined ? " " + fmtNum(c.injured) + " " + t("injured") : "")));
    }
    body.append(section(t("claims"), claims));
    // History.
    const history = el("table", { class: "history" },
      el("tr", {}, el("th", {}, t("when")), el("th", {}, t("by")), el("th", {}, t("field")),
        el("th", {}, t("before")), el("th", {}, t("after")), el("th", {}, t("reason"))));
    for (const h of e.history || []) {
      history.append(el("tr", {}, el("td", { title: h.at }, fmtDate(h.at)), el("td", {}, h.by), el("td", { dir: "ltr" }, h.field),
        el("td", { dir: "auto" }, auditValue(h.before)), el("td", { dir: "auto" }, auditValue(h.after)), el("td", { dir: "auto" }, h.reason || "")));
    }
    body.append(section(t("history"), (e.history || []).length ? history : el("p", {}, t("no_history"))));
    aside.scrollTop = scroll;
  }

  /** An audit value as stored (JSON text): a string without its quotes, anything else as is. */
  function auditValue(raw) {
    if (raw === null || raw === undefined) return "";
    try {
      const v = JSON.parse(raw);
      return typeof v === "string" ? v : JSON.stringify(v);
    } catch (_) {
      return raw;
    }
  }

  function legendFields() {
    return el("div", { class: "legend-fields" },
      el("span", { class: "ev" }, t("legend_evidence")),
      ...["place", "actor", "count", "date"].map((f) => el("span", { class: "mark f-" + f }, t("legend_" + f))),
      el("span", { class: "ev-other" }, t("other_events_evidence")));
  }

  function reviewSection(e) {
    const msg = el("div", { class: "review-msg", role: "status" });
    const token = () => $("#token").value.trim();
    async function send(payload) {
      if (!token()) { msg.textContent = t("need_token"); msg.className = "review-msg error"; return; }
      try {
        await api("/api/events/" + encodeURIComponent(e.event_id) + "/review", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer " + token() },
          body: JSON.stringify(Object.assign({ timestamp: e.timestamp }, payload)),
        });
        await openEvent(e.event_id, true);
        const m = $("#detail-body .review-msg");
        if (m) { m.textContent = t("saved"); m.className = "review-msg ok"; }
        refresh();
      } catch (err) {
        if (err.status === 409) {
          await openEvent(e.event_id, true);
          const m = $("#detail-body .review-msg");
          if (m) { m.textContent = t("stale"); m.className = "review-msg error"; }
        } else {
          msg.textContent = t("error") + ": " + err.message;
          msg.className = "review-msg error";
        }
      }
    }
    const reason = el("input", { type: "text", name: "reason", placeholder: t("reason"), size: 24 });
    const withReason = (p) => (reason.value.trim() ? Object.assign({ reason: reason.value.trim() }, p) : p);
    const buttons = el("div", { class: "review-buttons" },
      el("button", { type: "button", id: "review-confirm", onclick: () => send(withReason({ action: "confirm" })) }, t("confirm")),
      el("button", { type: "button", id: "review-reject", onclick: () => send(withReason({ action: "reject" })) }, t("reject")),
      reason);
    // Edit form: the fields analysts change most; values as the API takes them.
    const form = el("form", { class: "edit-form", id: "edit-form" });
    const subSelect = el("select", { name: "sub_event_type" });
    for (const [type, subs] of Object.entries(SUB_EVENT_TYPES)) {
      const group = el("optgroup", { label: typeLabel(type) });
      for (const s of subs) group.append(el("option", { value: s, selected: s === e.sub_event_type }, s));
      subSelect.append(group);
    }
    const input = (name, value, attrs) => el("label", {}, el("span", { dir: "ltr" }, name),
      el("input", Object.assign({ name, value: value === null || value === undefined ? "" : String(value) }, attrs || {})));
    form.append(
      input("event_date", e.event_date, { type: "date" }),
      el("label", {}, el("span", { dir: "ltr" }, "sub_event_type"), subSelect),
      input("actor1", e.actor1, { dir: "ltr" }), input("actor2", e.actor2, { dir: "ltr" }),
      input("fatalities", e.fatalities, { type: "number", min: 0 }),
      input("location", e.location, { dir: "ltr" }), input("location_ar", e.location_ar),
      input("admin1", e.admin1, { dir: "ltr" }),
      input("latitude", e.latitude, { type: "number", step: "any" }),
      input("longitude", e.longitude, { type: "number", step: "any" }),
      el("button", { type: "button", id: "pick-place", onclick: () => {
        msg.textContent = t("pick_on_map"); msg.className = "review-msg";
        $("#map").classList.add("picking");
        state.pick = (latlng) => {
          form.elements.latitude.value = latlng.lat.toFixed(5);
          form.elements.longitude.value = latlng.lng.toFixed(5);
          msg.textContent = "";
        };
      } }, t("set_place")),
      el("button", { type: "submit", id: "edit-save" }, t("edit") + " · " + t("save")));
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const fields = {};
      const numeric = new Set(["fatalities", "latitude", "longitude"]);
      for (const name of ["event_date", "sub_event_type", "actor1", "actor2", "fatalities", "location", "location_ar", "admin1", "latitude", "longitude"]) {
        const raw = form.elements[name].value.trim();
        let value = numeric.has(name) ? (raw === "" ? null : Number(raw)) : (raw === "" && name !== "actor2" ? null : raw);
        if (name === "fatalities" && value === null) value = 0;
        const old = e[name] === undefined ? null : e[name];
        if (value !== old && !(numeric.has(name) && value !== null && old !== null && Math.abs(value - old) < 1e-9)) fields[name] = value;
      }
      if (!Object.keys(fields).length) { msg.textContent = t("saved"); return; }
      send(withReason({ action: "edit", fields }));
    });
    // Merge and split.
    const other = el("input", { type: "text", name: "other", placeholder: "SYR-000000", dir: "ltr", size: 12 });
    const merge = el("div", { class: "merge" }, el("span", {}, t("other_event") + " "), other,
      el("button", { type: "button", id: "review-merge", onclick: () => other.value.trim() && send(withReason({ action: "merge", other: other.value.trim() })) }, t("merge")));
    const splitBox = el("div", { class: "split" }, el("span", {}, t("split_help") + " "));
    const ids = [...new Set(e.sources.map((s) => s.article_id))];
    for (const id of ids) splitBox.append(el("label", {}, el("input", { type: "checkbox", value: id }), " ", id, " "));
    splitBox.append(el("button", { type: "button", id: "review-split", disabled: ids.length < 2, onclick: () => {
      const articles = [...splitBox.querySelectorAll("input:checked")].map((c) => c.value);
      if (articles.length) send(withReason({ action: "split", articles }));
    } }, t("split")));
    const more = el("details", { class: "review-more" }, el("summary", {}, t("edit") + " · " + t("merge") + " · " + t("split")), form, merge, splitBox);
    return section(t("review"), el("p", { class: "hint" }, statusBadge(e.review.status)), buttons, more, msg);
  }

  // ---------------------------------------------------------------- unresolved places
  async function loadPlaces() {
    const body = $("#places-table tbody");
    body.textContent = "";
    let data;
    try { data = await api("/api/places/unresolved"); } catch (err) { banner(t("load_error") + " " + err.message); return; }
    for (const p of data.places) {
      const arts = el("div", {});
      for (const a of p.articles) {
        arts.append(el("button", { type: "button", class: "link", onclick: () => showPlaceArticle(a.id, p.name_ar) }, a.title || a.id), " ");
      }
      body.append(el("tr", { "data-name": p.name_ar }, el("td", { class: "place-name" }, p.name_ar), el("td", { class: "num" }, fmtNum(p.mentions)), el("td", {}, arts),
        el("td", {}, el("button", { type: "button", class: "choose", onclick: () => choosePlace(p.name_ar) }, t("set_place")))));
    }
    if (!data.places.length) body.append(el("tr", {}, el("td", { colspan: 4, class: "empty" }, "—")));
    document.body.dataset.places = String(data.places.length);
  }

  /** Folds Arabic spelling variants one character at a time, keeping each folded character's
   *  index in the original: أ إ آ → ا, ة → ه, ى → ي; short vowels and tatweel dropped. */
  function fold(chars) {
    const map = { "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي" };
    const out = { chars: [], index: [] };
    chars.forEach((c, i) => {
      if (/[\u064B-\u065F\u0670\u0640]/.test(c)) return;
      out.chars.push(map[c] || c);
      out.index.push(i);
    });
    return out;
  }

  function choosePlace(name) {
    const form = $("#place-form");
    form.hidden = false;
    form.dataset.name = name;
    $("#place-chosen").textContent = t("chose_place") + " " + name;
    $("#place-result").textContent = t("pick_on_map");
  }

  async function showPlaceArticle(id, name) {
    const box = $("#place-article");
    box.hidden = false;
    box.textContent = "…";
    try {
      const a = await api("/api/articles/" + encodeURIComponent(id));
      box.textContent = "";
      box.append(el("h3", {}, a.title || a.id), el("p", { class: "source-head" }, (a.outlet || "") + " · " + fmtDate(a.published)));
      // Mark the unresolved name where it occurs (hamza forms, taa marbuta, marks folded).
      const hl = [];
      const text = fold(Array.from(a.text));
      const key = fold(Array.from(name)).chars.join("");
      const hay = text.chars.join("");
      for (let at = hay.indexOf(key); key && at >= 0; at = hay.indexOf(key, at + 1)) {
        hl.push({ start: text.index[at], end: text.index[at + key.length - 1] + 1, event_id: "", field: "place" });
      }
      box.append(el("p", { class: "article-text", dir: "rtl", lang: "ar" }, highlighted(a.text, hl, "")));
    } catch (err) { box.textContent = t("error") + ": " + err.message; }
  }

  function initPlacesMap() {
    placesMap = L.map("places-map", { zoomSnap: 0.5, minZoom: 4, maxZoom: 13 }).setView([35.0, 38.5], 6.5);
    placesMap.attributionControl.setPrefix("Leaflet | Natural Earth");
    baseLayers(placesMap);
    // Not interactive, so a click anywhere (inside a governorate too) reaches the map.
    L.geoJSON(state.governorates, {
      style: { color: "#5f6b76", weight: 1, fillColor: "#fff", fillOpacity: 0.9 }, interactive: false, renderer: canvas(),
    }).addTo(placesMap);
    placesMap.on("click", (e) => {
      const form = $("#place-form");
      if (form.hidden) return;
      form.elements.latitude.value = e.latlng.lat.toFixed(5);
      form.elements.longitude.value = e.latlng.lng.toFixed(5);
      if (placesMarker) placesMarker.remove();
      placesMarker = L.circleMarker(e.latlng, { radius: 8, color: "#1d3557", fillColor: "#e63946", fillOpacity: 0.9 }).addTo(placesMap);
      $("#place-result").textContent = "";
    });
    $("#place-form").addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const form = ev.target;
      const token = $("#token").value.trim();
      if (!token) { $("#place-result").textContent = t("need_token"); return; }
      const payload = { name_ar: form.dataset.name, latitude: Number(form.elements.latitude.value), longitude: Number(form.elements.longitude.value) };
      if (form.elements.name_en.value.trim()) payload.name_en = form.elements.name_en.value.trim();
      try {
        const r = await api("/api/places/coordinates", { method: "POST", headers: { "content-type": "application/json", authorization: "Bearer " + token }, body: JSON.stringify(payload) });
        $("#place-result").textContent = t("saved") + " " + t("moved") + " " + (r.events_moved.join("، ") || "0");
        loadPlaces();
      } catch (err) { $("#place-result").textContent = t("error") + ": " + err.message; }
    });
  }

  function showView(view) {
    state.view = view;
    $("#view-events").hidden = view !== "events";
    $("#filters").hidden = view !== "events";
    $("#view-places").hidden = view !== "places";
    $("#nav-events").classList.toggle("active", view === "events");
    $("#nav-places").classList.toggle("active", view === "places");
    if (view === "places") {
      $("#detail").hidden = true;
      if (!placesMap) initPlacesMap();
      setTimeout(() => placesMap.invalidateSize(), 0);
      loadPlaces();
    } else if (map) {
      setTimeout(() => map.invalidateSize(), 0);
    }
    writeUrl();
  }

  // ---------------------------------------------------------------- start
  async function start() {
    performance.mark("marsad-start");
    readUrl();
    $("#token").value = sessionStorage.getItem("marsad-token") || "";
    $("#token-form").addEventListener("submit", (ev) => ev.preventDefault());
    $("#token").addEventListener("change", () => sessionStorage.setItem("marsad-token", $("#token").value.trim()));
    const typeSelect = $("select[name=event_type]");
    for (const type of EVENT_TYPES) typeSelect.append(el("option", { value: type }, type));
    // This script runs as soon as the page is parsed: the data and the map layers load while
    // Leaflet (deferred) is still arriving; markers wait for the map.
    const geo = Promise.all([api("/assets/geo/governorates.geojson"), api("/assets/geo/neighbours.geojson")]);
    applyLabels();
    const first = state.view === "events" ? refresh() : null;
    if (document.readyState === "loading") {
      await new Promise((resolve) => document.addEventListener("DOMContentLoaded", resolve, { once: true }));
    }
    if (typeof L === "undefined" || !L.markerClusterGroup) {
      banner(t("vendor_missing"));
      return;
    }
    try {
      [state.governorates, state.neighbours] = await geo;
    } catch (err) { banner(t("load_error") + " " + err.message); return; }
    const adminSelect = $("select[name=admin1]");
    const govs = state.governorates.features.map((f) => f.properties).sort((a, b) => a.admin1_en.localeCompare(b.admin1_en));
    for (const p of govs) adminSelect.append(el("option", { value: p.admin1_en, "data-ar": p.name_ar }, p.name_ar));
    applyLabels();
    fillFilterForm();
    initMap();
    performance.mark("marsad-map");
    mapReadyResolve();
    // A table drawn before the governorates arrived names them in Arabic now.
    for (const td of document.querySelectorAll("#events-table td[data-admin1]")) td.textContent = adminLabel(td.dataset.admin1);
    $("#filters").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const form = ev.target;
      const changes = {};
      for (const k of FILTERS) changes[k] = form.elements[k].value.trim();
      setFilters(changes);
    });
    for (const name of ["admin1", "event_type", "status", "from", "to"]) {
      $("#filters").elements[name].addEventListener("change", (ev) => setFilters({ [name]: ev.target.value }));
    }
    $("#use-view").addEventListener("click", () => {
      const b = map.getBounds();
      const r = (x) => Math.round(x * 1000) / 1000;
      const clamp = (x, lim) => Math.max(-lim, Math.min(lim, x));
      setFilters({ bbox: [clamp(r(b.getWest()), 180), clamp(r(b.getSouth()), 90), clamp(r(b.getEast()), 180), clamp(r(b.getNorth()), 90)].join(",") });
    });
    $("#reset").addEventListener("click", () => { state.filters = {}; fillFilterForm(); refresh(); });
    $("#clear-brush").addEventListener("click", () => setFilters({ from: "", to: "" }));
    $("#prev").addEventListener("click", () => { if (state.page > 0) { state.page--; loadTable().catch((e) => banner(e.message)); } });
    $("#next").addEventListener("click", () => { if (state.cursors[state.page + 1]) { state.page++; loadTable().catch((e) => banner(e.message)); } });
    for (const th of document.querySelectorAll("#events-table th[data-sort]")) {
      th.addEventListener("click", () => {
        const key = th.dataset.sort;
        state.sort = state.sort === "-" + key ? key : "-" + key;
        state.cursors = [null]; state.page = 0;
        writeUrl();
        loadTable().catch((e) => banner(e.message));
      });
    }
    const closeDetail = () => { $("#detail").hidden = true; state.event = null; writeUrl(); };
    $("#detail-close").addEventListener("click", closeDetail);
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !$("#detail").hidden) closeDetail(); });
    $("#lang").addEventListener("click", () => {
      state.lang = state.lang === "ar" ? "en" : "ar";
      applyLabels();
      writeUrl();
      refresh();
      if (state.event && !$("#detail").hidden) openEvent(state.event, true);
    });
    $("#nav-events").addEventListener("click", () => showView("events"));
    $("#nav-places").addEventListener("click", () => showView("places"));
    showView(state.view);
    await (first || refresh());
    if (state.event) openEvent(state.event);
  }

  start();
})();
