require "test_helper"

class SessionsControllerTest < ActionDispatch::IntegrationTest
  setup { @user = User.take }

  test "new" do
    get new_session_path
    assert_inertia_component "sessions/new"
  end

  test "create with valid credentials" do
    post session_path, params: { email_address: @user.email_address, password: "password" }

    assert_redirected_to root_url
    assert cookies[:session_id]
  end

  test "create with invalid credentials" do
    post session_path, params: { email_address: @user.email_address, password: "wrong" }

    assert_redirected_to new_session_path
    assert_nil cookies[:session_id]
  end

  test "destroy" do
    sign_in_as(User.take)

    delete session_path

    assert_redirected_to new_session_path
    assert_empty cookies[:session_id]
  end

  test "destroy ends the session's sync sockets in every process" do
    sign_in_as(User.take)
    session = Current.session
    ActionCable.server.pubsub.clear

    delete session_path

    revocations = ActionCable.server.pubsub.broadcasts(InertiaSync::Revocation::STREAM).map { |message| JSON.parse(message) }
    assert_equal [ { "kind" => "end_session", "keys" => [ "Session##{session.id}" ] } ], revocations
  end
end
