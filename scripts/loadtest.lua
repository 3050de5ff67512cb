-- wrk script for scripts/loadtest.sh: a mix of page views, API reads and authenticated API
-- writes, counting every response by status class so the run can fail on any error.
--
-- Environment: LOADTEST_PATHS (a file of GET paths, one a line), LOADTEST_TOKEN (an editor's
-- API token), LOADTEST_PEOPLE (a file of person slugs), LOADTEST_WRITE_PERCENT (default 10).

local paths, people = {}, {}
local token = os.getenv("LOADTEST_TOKEN")
local write_percent = tonumber(os.getenv("LOADTEST_WRITE_PERCENT") or "10")
local threads = {}
local counter = 0
-- Globals, so that setup() can set the id and done() can read the counts of each thread.
thread_id = 0
counts = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, writes = 0 }

local function read_lines(name)
  local lines = {}
  for line in io.lines(name) do
    if line ~= "" then lines[#lines + 1] = line end
  end
  return lines
end

function setup(thread)
  thread:set("thread_id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  paths = read_lines(os.getenv("LOADTEST_PATHS"))
  people = read_lines(os.getenv("LOADTEST_PEOPLE"))
  math.randomseed(os.time() + thread_id)
end

function request()
  counter = counter + 1
  if math.random(100) <= write_percent then
    counts.writes = counts.writes + 1
    local headers = {
      ["Authorization"] = "Token " .. token,
      ["Content-Type"] = "application/json",
    }
    if counter % 2 == 0 then
      local body = string.format('{"name": "Load test topic %d-%d"}', thread_id, counter)
      return wrk.format("POST", "/api/v1/topics/", headers, body)
    end
    local slug = people[math.random(#people)]
    local body = string.format('{"bio": "Updated by the load test (%d-%d)."}', thread_id, counter)
    return wrk.format("PATCH", "/api/v1/people/" .. slug .. "/", headers, body)
  end
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  local class = tostring(math.floor(status / 100)) .. "xx"
  counts[class] = (counts[class] or 0) + 1
end

function done(summary, latency, requests)
  local total = { ["2xx"] = 0, ["3xx"] = 0, ["4xx"] = 0, ["5xx"] = 0, writes = 0 }
  for _, thread in ipairs(threads) do
    local thread_counts = thread:get("counts")
    for key, value in pairs(thread_counts) do
      total[key] = (total[key] or 0) + value
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'LOADTEST {"requests": %d, "seconds": %.1f, "requests_per_second": %.1f, ' ..
    '"latency_ms": {"p50": %.1f, "p90": %.1f, "p99": %.1f, "max": %.1f}, ' ..
    '"status": {"2xx": %d, "3xx": %d, "4xx": %d, "5xx": %d}, "writes": %d, ' ..
    '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    total["2xx"], total["3xx"], total["4xx"], total["5xx"], total.writes,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status))
end
