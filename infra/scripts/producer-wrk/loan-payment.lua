-- wrk script: POST the contract's LoanPaymentSubmitted sample with a fresh event id and a fresh payment id per
-- request (as issue #15's independent check did), so every request stores a new event and a new entity.
-- Used by infra/scripts/bench-producer-wrk.sh; SAMPLE names the sample file.
local template

local function random_hex(digits)
  local out = {}
  for i = 1, digits do
    out[i] = string.format("%x", math.random(0, 15))
  end
  return table.concat(out)
end

local function uuid()
  return random_hex(8) .. "-" .. random_hex(4) .. "-4" .. random_hex(3) .. "-a" .. random_hex(3) .. "-" .. random_hex(12)
end

local thread_index = 0
function setup(thread)
  thread_index = thread_index + 1
  thread:set("index", thread_index)
end

function init(args)
  math.randomseed(os.time() * 1000 + index)
  local file = assert(io.open(os.getenv("SAMPLE"), "r"))
  template = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local payment = "PAYMENT-" .. random_hex(16)
  local body = template:gsub("550e8400%-e29b%-41d4%-a716%-446655440003", uuid()):gsub("PAYMENT%-2025%-001", payment)
  return wrk.format(nil, nil, nil, body)
end
