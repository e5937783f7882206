# Profiles one partial reload in-process: GET /accounts/<Acme> with X-Inertia-Partial-Data: account,
# through Rails.application.call (the whole middleware stack, no socket), as alice.
#
#   bin/rails runner ../bench/ruby/reload_profile.rb [count] [stackprof-out]
#
# Prints BENCH_JSON {"count":…,"usPerReload":…,"cpuUsPerReload":…,"allocationsPerReload":…}; with a
# second argument, writes a stackprof CPU profile there (stackprof must be installed for the Ruby
# running Rails). The allocations are exact where the times are not on a busy machine: compare trees
# by both.
count = Integer(ARGV[0] || 2000)
profile_to = ARGV[1]

alice = User.find_by!(email_address: "alice@example.com")
session = alice.sessions.create!(user_agent: "bench", ip_address: "127.0.0.1")
account = Account.find_by!(name: "Acme").obfuscated_id

jar_request = ActionDispatch::Request.new(Rails.application.env_config.merge(Rack::MockRequest.env_for("/")))
jar_request.cookie_jar.signed[:session_id] = session.id
# A browser's cookie jar, in short: what the responses set is sent back.
jar = { "session_id" => Rack::Utils.escape(jar_request.cookie_jar[:session_id]) }
cookie = -> { jar.map { |name, value| "#{name}=#{value}" }.join("; ") }

version = InertiaRails.configuration.version
env_for = lambda do
  Rack::MockRequest.env_for("http://127.0.0.1/accounts/#{account}",
    "HTTP_COOKIE" => cookie.call,
    "HTTP_ACCEPT" => "text/html, application/xhtml+xml",
    "HTTP_X_REQUESTED_WITH" => "XMLHttpRequest",
    "HTTP_X_INERTIA" => "true",
    "HTTP_X_INERTIA_VERSION" => version.to_s,
    "HTTP_X_INERTIA_PARTIAL_COMPONENT" => "accounts/show",
    "HTTP_X_INERTIA_PARTIAL_DATA" => "account",
    "HTTP_USER_AGENT" => "node",
    "REMOTE_ADDR" => "127.0.0.1")
end

reload = lambda do
  status, headers, body = Rails.application.call(env_for.call)
  text = +""
  body.each { |part| text << part }
  body.close if body.respond_to?(:close)
  raise "reload answered #{status}: #{text[0, 200]}" unless status == 200
  Array(headers["set-cookie"]).flat_map { |lines| lines.split("\n") }.each do |line|
    name, value = line.split(";", 2).first.split("=", 2)
    jar[name] = value
  end
  [ headers, text ]
end

2.times { reload.call }
headers, text = reload.call
warn "second response sets cookies: #{headers["set-cookie"].to_s[0, 120]}" if headers["set-cookie"]
warn "body (#{text.bytesize} B): #{text[0, 300]}"
200.times { reload.call }

GC.start
allocated0 = GC.stat(:total_allocated_objects)
cpu0 = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID)
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
if profile_to
  $LOAD_PATH.unshift(*Dir[File.join(Gem.user_dir, "gems/stackprof-*/lib")], *Dir["/var/lib/gems/*/gems/stackprof-*/lib"])
  require "stackprof"
  StackProf.run(mode: (ENV["PROFILE_MODE"] || "cpu").to_sym, interval: Integer(ENV["PROFILE_INTERVAL"] || 1000), raw: true, out: profile_to) { count.times { reload.call } }
else
  count.times { reload.call }
end
wall = Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0
cpu = Process.clock_gettime(Process::CLOCK_PROCESS_CPUTIME_ID) - cpu0
allocated = GC.stat(:total_allocated_objects) - allocated0
session.destroy
puts "BENCH_JSON " + { count: count, usPerReload: (wall * 1e6 / count).round(1), cpuUsPerReload: (cpu * 1e6 / count).round(1), allocationsPerReload: (allocated.to_f / count).round(1) }.to_json
