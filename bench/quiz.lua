-- wrk script: POST quiz answers to the URL given to wrk (/articles/<slug>/check), alternating
-- two answer sets: a calm one (no notes) and one that raises a note of every level
-- (emergency, urgent, non-urgent, advice). Headers given with -H are kept.
local calm = "emergency_signs=none&urgent_signs=none&pain_level=mild&readiness=none"
  .. "&diagnosis=none&experience=over_1_year&pain_after_lifting=soreness_1_2_days"
  .. "&progression=small_steps"
  .. "&pain_duration=under_6_weeks&pain_trend=better&first_time=had_before&age_band=20_to_49"
local every_level = "emergency_signs=chest_pain&urgent_signs=fever&pain_level=severe"
  .. "&readiness=none&diagnosis=osteoporosis&experience=new"
  .. "&pain_after_lifting=soreness_1_2_days&progression=big_jumps"
  .. "&pain_duration=under_6_weeks&pain_trend=better&first_time=had_before&age_band=20_to_49"

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
