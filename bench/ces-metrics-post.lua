-- POST /api/ces/metrics with distinct node ids: thread t reports nodes t*5000 .. t*5000+4999 in turn,
-- so two threads keep 10,000 distinct nodes fresh (the set GET /api/ces/metrics is measured on).
local threads = 0
function setup(thread)
  thread:set("base", threads * 5000)
  threads = threads + 1
end

local n = 0
function request()
  local id = base + (n % 5000)
  n = n + 1
  local body = string.format(
    '{"id":"%08x","name":"Bench Node %d","ip_address":"10.%d.%d.%d","total_enrollment":%d,"custom_fields":{"rack":"r%d"}}',
    id, id, math.floor(id / 65536) % 256, math.floor(id / 256) % 256, id % 256, n, id % 40)
  return wrk.format("POST", "/api/ces/metrics",
    { ["Content-Type"] = "application/json", ["X-API-Key"] = os.getenv("CES_MASTER_API_KEY") }, body)
end
