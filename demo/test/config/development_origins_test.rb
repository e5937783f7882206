require "test_helper"

# In development, only the demo's own pages may open its cable: Action Cable's default there accepts
# any http://localhost:<port>, so a page served by any other local server could use the session cookie.
class DevelopmentOriginsTest < ActiveSupport::TestCase
  test "development allows the app's own origin and nothing else" do
    source = File.read(Rails.root.join("config/environments/development.rb"))
    line = source[/^\s*config\.action_cable\.allowed_request_origins = (.*)$/, 1]
    assert line, "development.rb does not set allowed_request_origins"

    origins = eval(line) # rubocop:disable Security/Eval -- the config's own line, to check what it allows
    allowed = ->(origin) { origins.any? { |pattern| pattern === origin } }
    assert allowed.("http://localhost:3000")
    [ "http://localhost:4000", "http://localhost:30001", "http://localhost:3000.evil.example", "http://evil.example", "https://localhost:3000@evil.example" ].each do |origin|
      assert_not allowed.(origin), origin
    end
  end
end
