-- Wrong logins, each for a username never used before (so no per-username lockout stops them), counting
-- the answers by status.
local threads = {}
local n = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  c401, c429, c503, cother = 0, 0, 0, 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local body = string.format('{"user_access":"flood-%d-%d","password":"wrong-password-1"}', id, n)
  return wrk.format(nil, "/api/auth/token", nil, body)
end

function response(status, headers, body)
  if status == 401 then c401 = c401 + 1
  elseif status == 429 then c429 = c429 + 1
  elseif status == 503 then c503 = c503 + 1
  else cother = cother + 1 end
end

function done(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("c401"); b = b + t:get("c429"); c = c + t:get("c503"); d = d + t:get("cother")
  end
  io.write(string.format("flood answers: 401 %d, 429 %d, 503 %d, other %d\n", a, b, c, d))
end
