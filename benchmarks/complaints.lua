-- wrk script: POST complaint forms, each with its own submission_id, and count the tracking codes received.
-- Arguments (after --): csrf token, category id, photo file path or "-" for none.
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

local csrf, category, photo, counter, codes, failures, boundary

function init(args)
  csrf, category = args[1], args[2]
  counter, codes, failures = 0, 0, 0
  boundary = "----bogorbench" .. tid
  if args[3] and args[3] ~= "-" then
    local f = assert(io.open(args[3], "rb"))
    photo = f:read("*a")
    f:close()
  end
end

local function part(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

function request()
  counter = counter + 1
  local sid = string.format("%08x-0000-4000-8000-%012x", tid, counter)
  local fields = {
    csrfmiddlewaretoken = csrf, category = category, submission_id = sid,
    description = "Saluran air mampet di depan rumah, air meluap ke jalan setiap hujan deras.",
    address = "Jl. Pajajaran no. " .. counter, email = "warga-" .. sid .. "@contoh.id", consent = "on",
  }
  local headers = { ["Cookie"] = "csrftoken=" .. csrf }
  local body
  if photo then
    local chunks = {}
    for k, v in pairs(fields) do table.insert(chunks, part(k, v)) end
    table.insert(chunks, "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"foto.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
    table.insert(chunks, photo)
    table.insert(chunks, "\r\n--" .. boundary .. "--\r\n")
    body = table.concat(chunks)
    headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  else
    local chunks = {}
    for k, v in pairs(fields) do table.insert(chunks, k .. "=" .. v:gsub(" ", "+"):gsub("@", "%%40")) end
    body = table.concat(chunks, "&")
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  return wrk.format("POST", "/en/complaints/", headers, body)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"]
  if status == 302 and location and location:find("/submitted/") then
    codes = codes + 1
  else
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total_codes, total_failures = 0, 0
  for _, t in ipairs(threads) do
    total_codes = total_codes + t:get("codes")
    total_failures = total_failures + t:get("failures")
  end
  io.write(string.format("RESULT codes=%d failures=%d requests=%d seconds=%.2f p50=%.2f p99=%.2f max=%.2f\n",
    total_codes, total_failures, summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
