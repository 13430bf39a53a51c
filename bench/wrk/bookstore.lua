-- wrk script for the bookstore benchmark. The operation comes from the environment:
--   BENCH_OP      get | list | create | patch
--   BENCH_ROWS    how many books exist (ids 1..BENCH_ROWS)
--   BENCH_CURSORS a file of list cursors, one per line (list only)
--   BENCH_RUN     a number (1-999) no other run against the same database used (create, patch)
-- Every response is checked against the status the operation must answer with; the counts of
-- anything else are printed by done() and read by the harness.

local op = os.getenv("BENCH_OP")
local rows = tonumber(os.getenv("BENCH_ROWS"))
local expected = ({get = 200, list = 200, create = 201, patch = 200})[op]
if not expected then
  error("BENCH_OP must be get, list, create or patch, not " .. tostring(op))
end

local threads = {}
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_number", thread_count)
  table.insert(threads, thread)
end

local cursors = {}
local counter = 0
unexpected = 0  -- globals: done() reads them from each thread
last_unexpected = ""

function init(args)
  math.randomseed(os.time() * 1000 + thread_number)
  if op == "list" then
    for line in io.lines(os.getenv("BENCH_CURSORS")) do
      cursors[#cursors + 1] = line
    end
  end
end

-- Unique per request across threads and runs: a 15-digit number that is also a valid ISBN.
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local function unique()
  counter = counter + 1
  return string.format("1%03d%02d%09d", run, thread_number, counter)
end

function request()
  if op == "get" then
    return wrk.format("GET", "/api/books/" .. math.random(1, rows))
  elseif op == "list" then
    return wrk.format("GET", "/api/books?limit=20&cursor=" .. cursors[math.random(1, #cursors)])
  elseif op == "create" then
    local n = unique()
    local body = '{"title":"Book ' .. n .. '","isbn":"' .. n .. '","price":"12.50",' ..
                 '"status":"published","author_id":' .. math.random(1, 1000) .. '}'
    return wrk.format("POST", "/api/books", {["Content-Type"] = "application/json"}, body)
  else
    local body = '{"title":"Retitled ' .. unique() .. '"}'
    return wrk.format("PATCH", "/api/books/" .. math.random(1, rows),
                      {["Content-Type"] = "application/merge-patch+json"}, body)
  end
end

function response(status, headers, body)
  if status ~= expected then
    unexpected = unexpected + 1
    last_unexpected = status .. " " .. string.sub(body or "", 1, 200)
  end
end

function done(summary, latency, requests)
  local total = 0
  local example = ""
  for _, thread in ipairs(threads) do
    total = total + thread:get("unexpected")
    local seen = thread:get("last_unexpected")
    if seen ~= "" then
      example = seen
    end
  end
  io.write(string.format("BENCH requests=%d unexpected=%d p50_us=%d p99_us=%d errors=%d\n",
                         summary.requests, total, latency:percentile(50), latency:percentile(99),
                         summary.errors.connect + summary.errors.read + summary.errors.write +
                         summary.errors.timeout))
  if example ~= "" then
    io.write("BENCH example_unexpected=" .. example .. "\n")
  end
end
