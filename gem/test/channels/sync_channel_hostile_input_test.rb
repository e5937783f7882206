require "test_helper"

# Everything a hostile client can send to subscribe_to gets an error reply with the right code, no
# stream, no exception, nothing reported, and no log line at error level.
class SyncChannelHostileInputTest < ActionCable::Channel::TestCase
  tests SyncChannel

  setup do
    @member = create_user("member@example.test")
    @outsider = create_user("outsider@example.test")
    @account = create_account("Acme", members: [ @member ])
    @other_account = create_account("Other", members: [ @outsider ])
    @membership = AccountUser.find_by!(user: @member)
    @archived = Project.create!(account: @account, title: "Old", archived: true)
  end

  # [description, data (the Hash performed, or :raw for a non-Hash argument), expected code]
  def self.cases
    [
      # Not a string, or missing.
      [ "missing key", {}, :invalid_identifier ],
      [ "nil", { identifier: nil }, :invalid_identifier ],
      [ "integer", { identifier: 1 }, :invalid_identifier ],
      [ "float", { identifier: 1.5 }, :invalid_identifier ],
      [ "boolean", { identifier: true }, :invalid_identifier ],
      [ "array", { identifier: [ "Account:all" ] }, :invalid_identifier ],
      [ "hash", { identifier: { "model" => "Account", "id" => "all" } }, :invalid_identifier ],
      [ "key with another name", { id: "Account:all" }, :invalid_identifier ],
      [ "data not a hash: array", [ :raw, [ "Account:all" ] ], :invalid_identifier ],
      [ "data not a hash: string", [ :raw, "Account:all" ], :invalid_identifier ],
      [ "data not a hash: nil", [ :raw, nil ], :invalid_identifier ],
      # Sizes.
      [ "empty", { identifier: "" }, :invalid_identifier ],
      [ "blank", { identifier: "   " }, :invalid_identifier ],
      [ "10 KB", { identifier: "A" * 10_240 }, :invalid_identifier ],
      [ "201 characters, grammatical", { identifier: "Account#{"x" * 187}:abcdef" }, :invalid_identifier ],
      [ "id of 65 characters", { identifier: "Account:#{"a" * 65}" }, :invalid_identifier ],
      # Grammar (the contract's invalid list and more).
      [ "lower-case model", { identifier: "account:PNvAYr" }, :invalid_identifier ],
      [ "model only", { identifier: "Account" }, :invalid_identifier ],
      [ "empty id", { identifier: "Account:" }, :invalid_identifier ],
      [ "empty collection", { identifier: "Account:PNvAYr/" }, :invalid_identifier ],
      [ "two collection levels", { identifier: "Account:PNvAYr/account_users/x" }, :invalid_identifier ],
      [ "dot-dot id", { identifier: "Account:../x" }, :invalid_identifier ],
      [ "path traversal", { identifier: "Account:x/../y" }, :invalid_identifier ],
      [ "traversal after all", { identifier: "Account:all/account_users/../../x" }, :invalid_identifier ],
      [ "space in id", { identifier: "Account:PN vAYr" }, :invalid_identifier ],
      [ "method call", { identifier: "Kernel.exit:1" }, :invalid_identifier ],
      [ "capitalised collection", { identifier: "Account:PNvAYr/Destroy" }, :invalid_identifier ],
      [ "leading ::", { identifier: "::Account:1" }, :invalid_identifier ],
      [ "double colon before id", { identifier: "Account::PNvAYr" }, :invalid_identifier ],
      [ "extra segment", { identifier: "Account:PNvAYr:extra" }, :invalid_identifier ],
      [ "trailing newline", { identifier: "Account:PNvAYr\n" }, :invalid_identifier ],
      [ "newline injection", { identifier: "Account:PNvAYr\nKernel:1" }, :invalid_identifier ],
      [ "CRLF injection", { identifier: "Account:PNvAYr\r\nX-Injected: 1" }, :invalid_identifier ],
      [ "NUL byte inside", { identifier: "Account:PNv\u0000AYr" }, :invalid_identifier ],
      [ "NUL byte at end", { identifier: "Account:PNvAYr\u0000" }, :invalid_identifier ],
      [ "unicode model", { identifier: "Accöunt:PNvAYr" }, :invalid_identifier ],
      [ "unicode id", { identifier: "Account:PNvÄYr" }, :invalid_identifier ],
      [ "emoji id", { identifier: "Account:😀😀😀😀😀😀" }, :invalid_identifier ],
      [ "right-to-left override", { identifier: "\u202EAccount:PNvAYr" }, :invalid_identifier ],
      [ "fullwidth colon", { identifier: "Account：PNvAYr" }, :invalid_identifier ],
      [ "invalid UTF-8", { identifier: "Account:\xFF\xFE".dup.force_encoding("UTF-8") }, :invalid_identifier ],
      [ "leading space", { identifier: " Account:PNvAYr" }, :invalid_identifier ],
      [ "trailing space", { identifier: "Account:PNvAYr " }, :invalid_identifier ],
      [ "query string", { identifier: "Account:PNvAYr?x=1" }, :invalid_identifier ],
      [ "fragment", { identifier: "Account:PNvAYr#x" }, :invalid_identifier ],
      [ "percent-encoding", { identifier: "Account:%2e%2e" }, :invalid_identifier ],
      [ "html", { identifier: "Account:<script>" }, :invalid_identifier ],
      [ "wildcard", { identifier: "Account:*" }, :invalid_identifier ],
      [ "SQL", { identifier: "Account:1' OR '1'='1" }, :invalid_identifier ],
      [ "backslash", { identifier: "Account:PNvAYr\\account_users" }, :invalid_identifier ],
      [ "double slash", { identifier: "Account:PNvAYr//account_users" }, :invalid_identifier ],
      [ "dash in collection", { identifier: "Account:PNvAYr/account-users" }, :invalid_identifier ],
      [ "digit-led collection", { identifier: "Account:PNvAYr/1users" }, :invalid_identifier ],
      [ "semicolon in collection", { identifier: "Account:PNvAYr/account_users;drop" }, :invalid_identifier ],
      [ "stream name of the spec", { identifier: "sync" }, :invalid_identifier ],
      # Grammatical, but no such registered model: never constantized.
      [ "Kernel", { identifier: "Kernel:1" }, :unknown_model ],
      [ "Object", { identifier: "Object:all" }, :unknown_model ],
      [ "BasicObject", { identifier: "BasicObject:abcdef" }, :unknown_model ],
      [ "File", { identifier: "File:all" }, :unknown_model ],
      [ "ActiveRecord::Base", { identifier: "ActiveRecord::Base:abcdef" }, :unknown_model ],
      [ "ApplicationRecord", { identifier: "ApplicationRecord:all" }, :unknown_model ],
      [ "a model without the concern", { identifier: "Session:abcdef" }, :unknown_model ],
      [ "Rails::Application", { identifier: "Rails::Application:abcdef" }, :unknown_model ],
      [ "the channel itself", { identifier: "SyncChannel:abcdef" }, :unknown_model ],
      [ "gem internals", { identifier: "InertiaSync::Channel:abcdef" }, :unknown_model ],
      [ "unknown namespaced", { identifier: "Admin::Note:x9Kq2w" }, :unknown_model ],
      # Grammatical collections nobody declared.
      [ "destroy as collection", ->(t) { { identifier: "#{t.id_of(t.account)}/destroy" } }, :unknown_collection ],
      [ "delete_all as collection", ->(t) { { identifier: "#{t.id_of(t.account)}/delete_all" } }, :unknown_collection ],
      [ "instance_eval as collection", ->(t) { { identifier: "#{t.id_of(t.account)}/instance_eval" } }, :unknown_collection ],
      [ "real but undeclared association", ->(t) { { identifier: "#{t.id_of(t.account)}/users" } }, :unknown_collection ],
      [ "association renamed by as:", ->(t) { { identifier: "#{t.id_of(t.account)}/projects" } }, :unknown_collection ],
      [ "collection of :all", { identifier: "Account:all/account_users" }, :unknown_collection ],
      [ ":all of a model without broadcasts_to :all", { identifier: "User:all" }, :all_not_declared ],
      [ "child's collection on the child", ->(t) { { identifier: "#{t.id_of(t.membership)}/account_users" } }, :unknown_collection ],
      [ "user's sessions", ->(t) { { identifier: "#{t.id_of(t.member)}/sessions" } }, :unknown_collection ],
      # Grammatical and known, but not this user's.
      [ "well-formed id of no record", { identifier: "Account:abcdef" }, :unauthorized ],
      [ "raw numeric id", ->(t) { { identifier: "Account:#{t.account.id}" } }, :unauthorized ],
      [ "zero-padded numeric id", ->(t) { { identifier: "Account:00000#{t.account.id}" } }, :unauthorized ],
      [ "swapped case id", ->(t) { { identifier: "Account:#{t.account.obfuscated_id.swapcase}" } }, :unauthorized ],
      [ "another model's id", ->(t) { { identifier: "Account:#{t.membership.obfuscated_id}" } }, :unauthorized ],
      [ "someone else's account", ->(t) { { identifier: t.id_of(t.other_account) } }, :unauthorized ],
      [ "someone else's collection", ->(t) { { identifier: "#{t.id_of(t.other_account)}/account_users" } }, :unauthorized ],
      [ "someone else's user record", ->(t) { { identifier: t.id_of(t.outsider) } }, :unauthorized ],
      [ ":all without admin", { identifier: "Account:all" }, :unauthorized ],
      [ "hook says no", ->(t) { { identifier: t.id_of(t.archived) } }, :unauthorized ],
      [ "Project:all refused by its hook", { identifier: "Project:all" }, :unauthorized ]
    ]
  end

  attr_reader :member, :outsider, :account, :other_account, :membership, :archived
  public :id_of

  test "the table is large" do
    assert_operator self.class.cases.size, :>=, 50
  end

  cases.each_with_index do |(description, data, code), index|
    test "hostile #{index}: #{description} -> #{code}" do
      data = data.call(self) if data.respond_to?(:call)
      log, reported = capture_log_and_reports do
        stub_connection current_user: @member
        subscribe
        connection.instance_variable_set(:@logger, ActiveSupport::TaggedLogging.new(@logger))

        if data.is_a?(Array) && data.first == :raw
          subscription.subscribe_to(data.last)
        else
          perform :subscribe_to, data
        end
      end

      reply = transmissions.last
      raw = data.is_a?(Hash) ? data[:identifier] : nil
      echo = raw if raw.is_a?(String) && raw.length <= 200 && raw.valid_encoding?
      assert_equal({ "type" => "error", "identifier" => echo, "error" => InertiaSync::SubscriptionGate::MESSAGES.fetch(code), "code" => code.to_s }, reply.to_h)
      assert_no_streams
      assert_empty reported, "nothing reported to the error reporter"
      assert_no_match(/\b(ERROR|FATAL)\b|Error|backtrace|\.rb:\d+/, log)
      assert_no_match(/failed/, log)
    end
  end

  test "unsubscribe_from takes the same hostile input without raising" do
    log, reported = capture_log_and_reports do
      stub_connection current_user: @member
      subscribe
      self.class.cases.each do |_, data, _|
        data = data.call(self) if data.respond_to?(:call)
        data.is_a?(Hash) ? perform(:unsubscribe_from, data) : subscription.unsubscribe_from(data.last)
      end
    end

    assert transmissions.all? { |reply| %w[error unsubscribed].include?(reply["type"]) }
    assert_empty reported
    assert_no_match(/\b(ERROR|FATAL)\b/, log)
  end

  private
    def capture_log_and_reports
      io = StringIO.new
      @logger = ActiveSupport::Logger.new(io)
      @logger.formatter = ->(severity, _time, _progname, message) { "#{severity} #{message}\n" }
      reported = []
      reporter = Object.new
      reporter.define_singleton_method(:report) { |error, **| reported << error }
      Rails.error.subscribe(reporter)
      previous_rails_logger, previous_cable_logger = Rails.logger, ActionCable.server.config.logger
      Rails.logger = ActionCable.server.config.logger = @logger
      yield
      [ io.string, reported ]
    ensure
      Rails.logger, ActionCable.server.config.logger = previous_rails_logger, previous_cable_logger
      Rails.error.unsubscribe(reporter)
    end
end
