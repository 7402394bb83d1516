-- wrk script: POST quiz answers to the URL given to wrk (/articles/<slug>/check), alternating
-- two answer sets: a calm one (no notes) and one that raises a note of every level
-- (emergency, urgent, non-urgent, advice). Headers given with -H are kept.
local calm = "emergency_signs=none&urgent_signs=none&pain_level=mild&readiness=none"
  .. "&diagnosis=none&experience=over_1_year&pain_after_lifting=soreness_1_2_days"
  .. "&progression=small_steps"
local every_level = "emergency_signs=chest_pain&urgent_signs=fever&pain_level=severe"
  .. "&readiness=none&diagnosis=osteoporosis&experience=new"
  .. "&pain_after_lifting=soreness_1_2_days&progression=big_jumps"

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
