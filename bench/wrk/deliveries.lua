-- wrk script of bench/run gateway: sends the deliveries of a file (bench's Deliveries: one line each,
-- orderId TAB signature TAB body) as signed TikTok webhooks, each wrk thread its own slice of the file
-- (line n goes to thread n mod threads), so that no delivery is sent twice.
--   wrk -t T -c C -d D -s deliveries.lua URL -- <file> <once|cycle> <T>
-- once:  each delivery at most once; a thread that has sent its whole slice stops and reports
--        exhausted=1 (the file was too small for the duration; the round's rate is then too low)
-- cycle: start the slice again at its end (the bare endpoint, which has no notion of a duplicate)
-- An answer counts as accepted only when it is 200 and its JSON says "status":"accepted" (the gateway's
-- answer to a new delivery; a duplicate says "duplicate"); done() prints one BENCH line for bench/run.

local threads = {}
local created = 0

-- utime + stime of this wrk process (all its threads), in clock ticks, from /proc/self/stat: fields 14
-- and 15, counted after the command name's closing parenthesis; -1 where there is no /proc
local function cpu_ticks()
   local file = io.open("/proc/self/stat", "r")
   if file == nil then
      return -1
   end
   local stat = file:read("*l")
   file:close()
   local fields = {}
   for field in stat:match(".*%)%s+(.*)"):gmatch("%S+") do
      fields[#fields + 1] = field
   end
   return tonumber(fields[12]) + tonumber(fields[13])
end

function setup(thread)
   thread:set("id", created)
   created = created + 1
   table.insert(threads, thread)
end

local requests = {}
local count = 0
local next_index = 0
local cycle = false
accepted = 0
other = 0
exhausted = 0
loaded_ticks = -1

function init(args)
   local file, mode, total = args[1], args[2], tonumber(args[3])
   if file == nil or (mode ~= "once" and mode ~= "cycle") or total == nil then
      error("usage: wrk ... -s deliveries.lua URL -- <file> <once|cycle> <threads>")
   end
   cycle = mode == "cycle"
   local line_number = 0
   for line in io.lines(file) do
      if line_number % total == id then
         local signature, body = line:match("^[^\t]*\t([^\t]*)\t(.*)$")
         if body == nil then
            error("not a delivery line: " .. line_number)
         end
         count = count + 1
         requests[count] = wrk.format("POST", nil,
            { ["Content-Type"] = "application/json", ["X-TikTok-Signature"] = signature }, body)
      end
      line_number = line_number + 1
   end
   if count == 0 then
      error("no delivery for thread " .. id .. " in " .. file)
   end
   -- the threads' init() run one after the other before wrk's clock starts: the last one's reading
   -- is wrk's CPU time before it sends anything (loading the file), left out of its CPU figure
   loaded_ticks = cpu_ticks()
end

function request()
   next_index = next_index + 1
   if next_index > count then
      if cycle then
         next_index = 1
      else
         -- never send a delivery twice: stop this thread (the last one may go out once more while the
         -- loop stops, answered "duplicate", which is not counted as accepted)
         exhausted = 1
         wrk.thread:stop()
         next_index = count
      end
   end
   return requests[next_index]
end

function response(status, headers, body)
   if status == 200 and body ~= nil and body:find('"status":"accepted"', 1, true) then
      accepted = accepted + 1
   else
      other = other + 1
   end
end

function done(summary, latency, requests)
   local a, o, x, loaded = 0, 0, 0, -1
   for _, thread in ipairs(threads) do
      a = a + thread:get("accepted")
      o = o + thread:get("other")
      x = x + thread:get("exhausted")
      loaded = math.max(loaded, thread:get("loaded_ticks"))
   end
   local e = summary.errors
   io.write(string.format(
      "BENCH accepted=%d other=%d exhausted=%d duration_us=%d requests=%d p50_us=%d p99_us=%d max_us=%d"
         .. " connect_errors=%d read_errors=%d write_errors=%d timeouts=%d cpu_loaded_ticks=%d cpu_done_ticks=%d\n",
      a, o, x, summary.duration, summary.requests, latency:percentile(50), latency:percentile(99), latency.max,
      e.connect, e.read, e.write, e.timeout, loaded, cpu_ticks()))
end
