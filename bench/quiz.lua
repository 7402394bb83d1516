-- wrk script: POST quiz answers to the URL given to wrk (/articles/<slug>/check), alternating
-- two answer sets: a calm one (no notes) and one that raises a note of every level
-- (emergency, urgent, non-urgent, advice). Headers given with -H are kept.
-- The bodies come from bench/run.sh, which reads them from the tests' answer fixtures.
local calm = os.getenv("BACKWISE_CALM")
local every_level = os.getenv("BACKWISE_EVERY_LEVEL")
assert(calm and every_level, "run through bench/run.sh, which sets BACKWISE_CALM and BACKWISE_EVERY_LEVEL")

local requests = {}
local n = 0

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  requests[1] = wrk.format(nil, nil, nil, calm)
  requests[2] = wrk.format(nil, nil, nil, every_level)
end

function request()
  n = n + 1
  return requests[(n % 2) + 1]
end
