require "test_helper"

class ApplicationCable::ConnectionTest < ActionCable::Connection::TestCase
  tests ApplicationCable::Connection

  setup do
    @user = create_user
    @session = @user.sessions.create!
  end

  test "connects with the signed session cookie" do
    cookies.signed[:session_id] = @session.id
    connect

    assert_equal @user, connection.current_user
  end

  test "rejects without a cookie" do
    assert_reject_connection { connect }
  end

  test "rejects an unsigned cookie" do
    cookies[:session_id] = @session.id
    assert_reject_connection { connect }
  end

  test "rejects a session that no longer exists" do
    cookies.signed[:session_id] = @session.id
    @session.destroy!
    assert_reject_connection { connect }
  end
end
