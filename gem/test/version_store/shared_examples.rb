# Behaviour every version store shares; included by each store's test.
module VersionStoreExamples
  extend ActiveSupport::Concern

  included do
    test "starts at the clock, and unknown identifiers read as that floor" do
      before = InertiaSync::VersionStore.floor
      store = build_store
      floor = store.current

      assert_operator floor, :>=, before
      assert_operator floor, :<, 2**53, "versions must stay exact in JSON"
      assert_equal floor, store.version_of("Account:abcdef")
    end

    test "one version per transaction, shared by its identifiers" do
      store = build_store
      floor = store.current
      version = store.next_version([ "Account:abcdef", "Account:all" ])

      assert_equal floor + 1, version
      assert_equal version, store.version_of("Account:abcdef")
      assert_equal version, store.version_of("Account:all")
      assert_equal version, store.current
    end

    test "versions only grow, per identifier and globally" do
      store = build_store
      floor = store.current
      first = store.next_version([ "Account:abcdef" ])
      second = store.next_version([ "Account:all" ])
      third = store.next_version([ "Account:abcdef" ])

      assert_equal [ 1, 2, 3 ], [ first, second, third ].map { |version| version - floor }
      assert_equal third, store.version_of("Account:abcdef")
      assert_equal second, store.version_of("Account:all")
      assert_equal floor, store.version_of("Account:zzzzzz")
      assert_equal third, store.current
    end

    test "versions_of reads several identifiers at once, each as version_of reads it" do
      store = build_store
      floor = store.current
      changed = store.next_version([ "Account:abcdef" ])

      assert_equal [ changed, floor, changed ], store.versions_of([ "Account:abcdef", "Account:zzzzzz", "Account:abcdef" ])
      assert_equal [], store.versions_of([])

      raised = store.advance_floor
      assert_equal [ raised, raised ], store.versions_of([ "Account:abcdef", "Account:zzzzzz" ])
    end

    test "identifiers with unusual but valid characters" do
      store = build_store
      version = store.next_version([ "Admin::Note:x9K-_q/members" ])
      assert_equal version, store.version_of("Admin::Note:x9K-_q/members")
    end

    test "a store that lost its records (clear!, a restart) never goes below versions it handed out" do
      store = build_store
      handed_out = store.next_version([ "Account:abcdef" ])
      store.clear!

      assert_operator store.current, :>=, handed_out
      assert_operator store.version_of("Account:abcdef"), :>=, handed_out, "unknown now, so 'may have changed'"
      assert_operator store.next_version([ "Account:abcdef" ]), :>, handed_out
    end

    test "after an outage the floor moves up: every identifier reads at least the new floor, above all versions handed out" do
      store = build_store
      changed = store.next_version([ "Account:abcdef" ])
      floor = store.advance_floor

      assert_operator floor, :>, changed
      assert_equal floor, store.current
      assert_equal floor, store.version_of("Account:abcdef"), "a change lost in the outage must not hide below its old version"
      assert_equal floor, store.version_of("Account:zzzzzz")

      later = store.next_version([ "Account:abcdef" ])
      assert_equal later, store.version_of("Account:abcdef"), "changes after the outage read as themselves"
      assert_equal floor, store.version_of("Account:zzzzzz")
    end
  end
end
