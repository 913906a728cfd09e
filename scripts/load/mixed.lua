-- wrk script: a mix of what the web UI asks for, over the ids that run.sh collected.
--   50% event list pages (with and without filters), 20% Arabic search,
--   20% event detail, 10% article detail.
-- Reads event and article ids from $MARSAD_LOAD_IDS (one "event ID" or "article ID" a line).
-- Every non-2xx answer and every socket error is counted and printed at the end.

local events, articles = {}, {}

local function load_ids()
  local path = os.getenv("MARSAD_LOAD_IDS") or "/tmp/marsad-load-ids.txt"
  for line in io.lines(path) do
    local kind, id = line:match("^(%a+) (.+)$")
    if kind == "event" then events[#events + 1] = id end
    if kind == "article" then articles[#articles + 1] = id end
  end
  assert(#events > 0 and #articles > 0, "no ids in " .. path)
end

local function enc(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local lists = {
  "/api/events?limit=50",
  "/api/events?limit=50&admin1=" .. enc("Deir-ez-Zor"),
  "/api/events?limit=50&from=2021-01-01&to=2021-06-30",
  "/api/events?limit=50&event_type=" .. enc("Explosions/Remote violence"),
  "/api/events?limit=20&actor=" .. enc("Islamic State"),
  "/api/events?limit=50&q=" .. enc("داعش"),
}
local searches = { "داعش", "قسد", "عبوة ناسفة", "دير الزور", "هجوم", "الحسكة", "اغتيال", "قوات النظام" }

local thread_counter = 0
local threads = {}

function setup(thread)
  thread_counter = thread_counter + 1
  thread:set("id", thread_counter)
  threads[#threads + 1] = thread
end

function init(args)
  load_ids()
  math.randomseed(id * 7919)
  bad, kinds = 0, {}
end

function request()
  local r = math.random(100)
  local path
  if r <= 50 then
    path = lists[math.random(#lists)]
  elseif r <= 70 then
    path = "/api/search?q=" .. enc(searches[math.random(#searches)])
  elseif r <= 90 then
    path = "/api/events/" .. enc(events[math.random(#events)])
  else
    path = "/api/articles/" .. enc(articles[math.random(#articles)])
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    kinds[status] = (kinds[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, t in ipairs(threads) do non2xx = non2xx + t:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "requests %d in %.1fs: %.1f req/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format(
    "errors: non-2xx %d, connect %d, read %d, write %d, timeout %d, status %d\n",
    non2xx, e.connect, e.read, e.write, e.timeout, e.status))
end
