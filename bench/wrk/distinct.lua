-- wrk script: the query in QUERY (URL-encoded), made distinct per request by a trailing comment
-- ("# <thread>-<n>") when DISTINCT=1, so no answer can come from a cache; counts statuses.
local query = os.getenv("QUERY") or ""
local path = os.getenv("SPARQL_PATH") or "/sparql"
local distinct = os.getenv("DISTINCT") == "1"
local threads, counter = {}, 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  codes, n = {}, 0
end

function request()
  n = n + 1
  local q = query
  if distinct then q = q .. "%0A%23%20" .. id .. "-" .. n end
  return wrk.format("GET", path .. "?query=" .. q,
    { ["Accept"] = "application/sparql-results+json" })
end

function response(status, headers, body)
  local k = tostring(status)
  codes[k] = (codes[k] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes")) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, string.format('"%s": %d', k, v)) end
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(99) / 1e3, table.concat(parts, ", ")))
end
