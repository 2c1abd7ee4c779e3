-- wrk script for benchmarks/churn.py: every request takes the next address of the list in CHURN_URLS
-- (one per line; each thread starts at its own place), "{n}" in an address becomes a number never asked
-- before (a search nobody made yet), and the X-Page-Cache header of every answer is counted.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("CHURN_URLS")) do
    if line ~= "" then table.insert(paths, line) end
  end
  index = (offset * 7919) % #paths
  fresh = offset * 1000000
  hits, misses, uncounted = 0, 0, 0
end

function request()
  index = index % #paths + 1
  local path = paths[index]
  if path:find("{n}", 1, true) then
    fresh = fresh + 1
    path = path:gsub("{n}", tostring(fresh))
  end
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local state = headers["X-Page-Cache"] or headers["x-page-cache"]
  if state == "HIT" then
    hits = hits + 1
  elseif state == "MISS" then
    misses = misses + 1
  else
    uncounted = uncounted + 1
  end
end

function done(summary, latency, requests)
  local h, m, u = 0, 0, 0
  for _, thread in ipairs(threads) do
    h = h + thread:get("hits")
    m = m + thread:get("misses")
    u = u + thread:get("uncounted")
  end
  local e = summary.errors
  io.write(string.format(
    'CHURNJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"hits":%d,"misses":%d,"uncounted":%d,"errors":%d,"non_2xx_3xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, h, m, u, e.connect + e.read + e.write + e.timeout, e.status))
end
