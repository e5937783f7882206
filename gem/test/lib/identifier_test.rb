require "test_helper"

class IdentifierTest < ActiveSupport::TestCase
  test "parses the three forms" do
    record = InertiaSync::Identifier.parse("Account:PNvAYr")
    assert_equal [ "Account", "PNvAYr", nil ], [ record.model_name, record.id, record.collection ]
    assert InertiaSync::Identifier.parse("Account:all").all?
    nested = InertiaSync::Identifier.parse("Admin::Note:x9Kq2w/members")
    assert_equal [ "Admin::Note", "x9Kq2w", "members" ], [ nested.model_name, nested.id, nested.collection ]
    assert_equal "Admin::Note:x9Kq2w/members", nested.to_s
  end

  test "never raises, whatever it is given" do
    [ nil, 1, 1.0, [], {}, Object.new, :sym, "x" * 1_000_000, "\xFF".b ].each do |value|
      assert_nil InertiaSync::Identifier.parse(value)
    end
  end
end
