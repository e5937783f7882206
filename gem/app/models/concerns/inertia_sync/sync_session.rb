module InertiaSync
  # For the Session model of Rails' authentication generator: destroying a session closes the sockets
  # it authenticated, in every server process, once the destroy commits.
  #
  #   class Session < ApplicationRecord
  #     include InertiaSync::SyncSession
  #     belongs_to :user
  #   end
  #
  # That covers the generated flows: logging out (+terminate_session+), a password reset
  # (<tt>user.sessions.destroy_all</tt>) and deleting a user (<tt>has_many :sessions, dependent: :destroy</tt>).
  # Sessions removed without callbacks (+delete_all+) are caught by the periodic check
  # (<tt>config.reauthorize_interval</tt>), or call InertiaSync.end_session yourself.
  module SyncSession
    extend ActiveSupport::Concern

    included do
      after_destroy_commit { InertiaSync.end_session(self) }
    end
  end
end
