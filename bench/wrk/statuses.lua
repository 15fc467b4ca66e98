-- wrk script: spread requests over the paths given in the PATHS environment variable
-- (separated by "|"), count responses per status class and those innograph answered from its
-- result cache (X-Innograph-Cache: hit), print them as one JSON line.
-- DISTINCT=1 makes every request's text distinct by a numbered trailing comment ("# <thread>-<n>",
-- URL-encoded: the paths end in a query) under the RUN tag (one per run: no text of an earlier run
-- comes again), so no cache can answer; ACCEPT sets the Accept header.
local paths = {}
for p in string.gmatch(os.getenv("PATHS") or "/", "([^|]+)") do table.insert(paths, p) end
local distinct = os.getenv("DISTINCT") == "1"
local run = os.getenv("RUN") or ""
local accept = os.getenv("ACCEPT") or "*/*"
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  hits = 0
  i = id
end

function request()
  i = i + 1
  local path = paths[(i % #paths) + 1]
  if distinct then path = path .. "%0A%23%20" .. run .. "-" .. id .. "-" .. i end
  return wrk.format("GET", path, { ["Accept"] = accept })
end

function response(status, headers, body)
  local k = tostring(status)
  codes[k] = (codes[k] or 0) + 1
  if headers["x-innograph-cache"] == "hit" then hits = hits + 1 end
end

function done(summary, latency, requests)
  local total, hit = {}, 0
  for _, t in ipairs(threads) do
    hit = hit + t:get("hits")
    local c = t:get("codes")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s": %d', k, v)) end
  io.write(string.format(
    'WRKJSON {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d, "cache_hits": %d, "codes": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    hit, table.concat(parts, ", ")))
end
