# The cost of writing one marker to 1,000 Action Cable sockets in one process: through Action Cable's
# transmit (websocket-driver frames the message for each socket) and as the frame InertiaSync's
# fan-out builds once (CableInternals::TextFrame). Real ActionCable::Connection::WebSocket objects
# over socketpairs; the reading ends are drained between rounds. No Rails app needed:
#
#   cd gem && bundle exec ruby ../bench/ruby/frame_writes.rb [sockets] [rounds]
require "socket"
require "json"
require "action_cable"
require "inertia_sync"

sockets = Integer(ARGV[0] || 1000)
rounds = Integer(ARGV[1] || 200)

idle_loop = Object.new
def idle_loop.post = nil
def idle_loop.attach(*) = nil
def idle_loop.detach(*) = nil
def idle_loop.writes_pending(*) = nil
target = Object.new
%i[on_open on_message on_close on_error].each { |name| target.define_singleton_method(name) { |*| nil } }
handshake = { "HTTP_CONNECTION" => "Upgrade", "HTTP_UPGRADE" => "websocket", "HTTP_SEC_WEBSOCKET_VERSION" => "13",
  "HTTP_SEC_WEBSOCKET_KEY" => "dGhlIHNhbXBsZSBub25jZQ==" }

pairs = Array.new(sockets) do
  reader, writer = UNIXSocket.pair
  websocket = ActionCable::Connection::WebSocket.new(Rack::MockRequest.env_for("/cable", handshake.merge("rack.hijack" => -> { writer })), target, idle_loop)
  websocket.rack_response
  [ reader, websocket ]
end
drain = -> { pairs.each { |reader, _| reader.read_nonblock(1 << 16, exception: false) } }
drain.call
prefix = "{\"identifier\":\"{\\\"channel\\\":\\\"SyncChannel\\\"}\",\"message\":"
marker = { identifier: "Account:PNvAYr", action: "update", timestamp: 1796160394, version: 1796160394365623 }.to_json
followers = pairs.map { |_, websocket| InertiaSync::FanOut::Follower.new(websocket, prefix) }

ways = {
  "transmit (framed per socket)" => -> {
    text = "#{prefix}#{marker}}"
    followers.each { |follower| follower.socket.transmit(text) }
  },
  "prebuilt frame" => -> {
    text = "#{prefix}#{marker}}"
    frame = InertiaSync::CableInternals::TextFrame.build(text)
    followers.each { |follower| follower.transmit_frame(text, frame) }
  }
}
results = ways.transform_values { 0.0 }
rounds.times do
  ways.each do |name, way|
    cpu = Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID)
    way.call
    results[name] += Process.clock_gettime(Process::CLOCK_THREAD_CPUTIME_ID) - cpu
    drain.call
  end
end
results.each { |name, seconds| puts format("%-30s %7.1f µs per socket (%d sockets, %d rounds)", name, seconds * 1e6 / rounds / sockets, sockets, rounds) }
