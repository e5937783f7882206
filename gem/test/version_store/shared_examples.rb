# Behaviour every version store shares; included by each store's test.
module VersionStoreExamples
  extend ActiveSupport::Concern

  included do
    test "starts at zero" do
      store = build_store
      assert_equal 0, store.current
      assert_equal 0, store.version_of("Account:abcdef")
    end

    test "one version per transaction, shared by its identifiers" do
      store = build_store
      version = store.next_version([ "Account:abcdef", "Account:all" ])

      assert_equal 1, version
      assert_equal 1, store.version_of("Account:abcdef")
      assert_equal 1, store.version_of("Account:all")
      assert_equal 1, store.current
    end

    test "versions only grow, per identifier and globally" do
      store = build_store
      first = store.next_version([ "Account:abcdef" ])
      second = store.next_version([ "Account:all" ])
      third = store.next_version([ "Account:abcdef" ])

      assert_equal [ 1, 2, 3 ], [ first, second, third ]
      assert_equal 3, store.version_of("Account:abcdef")
      assert_equal 2, store.version_of("Account:all")
      assert_equal 0, store.version_of("Account:zzzzzz")
      assert_equal 3, store.current
    end

    test "identifiers with unusual but valid characters" do
      store = build_store
      store.next_version([ "Admin::Note:x9K-_q/members" ])
      assert_equal 1, store.version_of("Admin::Note:x9K-_q/members")
    end

    test "clear! resets" do
      store = build_store
      store.next_version([ "Account:abcdef" ])
      store.clear!
      assert_equal 0, store.current
      assert_equal 0, store.version_of("Account:abcdef")
    end
  end
end
