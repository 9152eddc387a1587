-- wrk script: one new Component per request through the catalog's delta route, shaped like the
-- labelled bench's entities (three tags, a tier label, two annotations, an owner). Usage:
--   KEY=<key with catalog:write> [DELTA_PREFIX=run1] wrk -t1 -c1 -d10s --latency \
--       -s loadtests/catalog-delta.lua http://127.0.0.1:<port>/api/catalog/providers/probe/delta
-- DELTA_PREFIX keeps names apart between runs against the same tenant.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  prefix = os.getenv("DELTA_PREFIX") or "probe"
end

request = function()
  counter = counter + 1
  local name = string.format("%s-%d-%d", prefix, tid, counter)
  local body = string.format('{"added":[{"apiVersion":"backstage.io/v1alpha1","kind":"Component","metadata":{"name":"%s","tags":["tag-%d","tag-%d","tag-%d"],"labels":{"tier":"%d"},"annotations":{"backstage.io/techdocs-ref":"dir:.","github.com/project-slug":"org/%s"}},"spec":{"type":"service","lifecycle":"production","owner":"team-%d"}}]}',
    name, counter % 210, (counter + 70) % 210, (counter + 140) % 210, counter % 3, name, counter % 300)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("KEY")}, body)
end
