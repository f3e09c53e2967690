-- One script for every scenario, chosen by BENCH_MODE:
--   static         BENCH_METHOD / BENCH_PATH / BENCH_BODY / BENCH_HEADERS (JSON-free "name: value\n" lines)
--   register       a unique email and user name in every request
--   refresh-chain  POST {"refresh": token}; each thread follows its own rotation chain (run with -t N -c N)
--   cookie-chain   GET BENCH_PATH with only the refresh cookie; each thread follows the Set-Cookie it gets back
-- Chains start from BENCH_TOKENS, a file with one refresh token per line, line i for thread i.
-- Counts every status outside 2xx, and prints one "BENCH_RESULT {json}" line at the end.

local mode = os.getenv("BENCH_MODE") or "static"
local threads = {}
local tokens = {}

local function read_tokens()
  local file = os.getenv("BENCH_TOKENS")
  if not file then return end
  for line in io.lines(file) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
end

function setup(thread)
  if #threads == 0 then read_tokens() end
  threads[#threads + 1] = thread
  thread:set("id", #threads)
  thread:set("token", tokens[#threads] or "")
  thread:set("nonce", os.getenv("BENCH_NONCE") or tostring(os.time()))
end

local headers = {}
for line in (os.getenv("BENCH_HEADERS") or ""):gmatch("[^\n]+") do
  local name, value = line:match("^([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.path = os.getenv("BENCH_PATH") or "/"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers = headers

non2xx = 0
statuses = {}
broken = 0
local counter = 0
local password = "Bench-Pa55word!x"

if mode == "register" then
  request = function()
    counter = counter + 1
    local name = string.format("r%s-%d-%d", nonce, id, counter)
    local body = string.format('{"email":"%s@bench.test","user_name":"%s","password":"%s","password2":"%s"}', name, name, password, password)
    return wrk.format("POST", wrk.path, headers, body)
  end
elseif mode == "refresh-chain" then
  request = function()
    return wrk.format("POST", wrk.path, headers, '{"refresh":"' .. token .. '"}')
  end
elseif mode == "cookie-chain" then
  request = function()
    headers["Cookie"] = "refresh=" .. token
    return wrk.format("GET", wrk.path, headers)
  end
end

function response(status, response_headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
  statuses[status] = (statuses[status] or 0) + 1
  if mode == "refresh-chain" then
    local next_token = body:match('"refresh"%s*:%s*"([^"]+)"')
    if next_token then token = next_token else broken = broken + 1 end
  elseif mode == "cookie-chain" then
    local next_token
    for name, value in pairs(response_headers) do
      if name:lower() == "set-cookie" then next_token = value:match("^refresh=([^;]+)") or next_token end
    end
    if next_token then token = next_token else broken = broken + 1 end
  end
end

function done(summary, latency, requests)
  local total_non2xx, total_broken, merged = 0, 0, {}
  for _, thread in ipairs(threads) do
    total_non2xx = total_non2xx + (thread:get("non2xx") or 0)
    total_broken = total_broken + (thread:get("broken") or 0)
    for status, count in pairs(thread:get("statuses") or {}) do
      merged[status] = (merged[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do parts[#parts + 1] = string.format('"%d":%d', status, count) end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"non2xx":%d,"chain_breaks":%d,"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, total_non2xx, total_broken, e.connect, e.read, e.write, e.timeout, table.concat(parts, ",")))
end
