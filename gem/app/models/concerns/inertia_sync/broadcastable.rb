module InertiaSync
  # Broadcasts a marker when a record commits, on the stream of each identifier it touches:
  #
  #   class Account < ApplicationRecord
  #     include ObfuscatesId
  #     include Broadcastable
  #
  #     broadcasts_to :all                 # also mark "Account:all"
  #     sync_authorize_all { |user| user.site_admin }
  #   end
  #
  #   class AccountUser < ApplicationRecord
  #     include ObfuscatesId
  #     include Broadcastable
  #
  #     belongs_to :account
  #     broadcasts_on_change_of :account   # also mark "Account:<id>/account_users"
  #   end
  #
  # A record always marks its own identifier (<tt>Account:PNvAYr</tt>). Marks are collected per
  # transaction and sent once per identifier after the outermost commit, all with one version; a
  # rollback sends nothing. Markers carry no attributes.
  #
  # Writes that skip callbacks (+update_all+, +insert_all+, +upsert_all+, +update_column+,
  # +delete_all+) must say what they changed:
  #
  #   Account.where(plan: "trial").update_all(plan: "free")
  #   Account.sync_changed!(Account.where(plan: "free"))
  #
  # Including the concern registers the model in InertiaSync.registry, which is the only way a client
  # can name it.
  module Broadcastable
    extend ActiveSupport::Concern

    included do
      class_attribute :inertia_sync_to_all, instance_accessor: false, default: false
      class_attribute :inertia_sync_parents, instance_accessor: false, default: []
      class_attribute :inertia_sync_authorizer, :inertia_sync_all_authorizer, instance_accessor: false

      after_create { inertia_sync_record_change(:create) }
      after_update { inertia_sync_record_change(:update, only_if_saved: true) }
      after_touch { inertia_sync_record_change(:update) }
      after_destroy { inertia_sync_record_change(:destroy) }

      InertiaSync.registry.register(self)
    end

    class_methods do
      # Also marks <tt>Model:all</tt> on every change (the only collection supported).
      def broadcasts_to(*collections)
        unless collections == [ :all ]
          raise ArgumentError, "#{name}.broadcasts_to accepts only :all, got #{collections.map(&:inspect).join(", ")}"
        end
        self.inertia_sync_to_all = true
      end

      # Also marks the collection this model forms on the parent of each named belongs_to association:
      # <tt>Account:<id>/account_users</tt>. When the foreign key changes, both the old and the new
      # parent's collections are marked. <tt>as:</tt> renames the collection (one association only).
      #
      #   broadcasts_on_change_of :account, as: :members   # "Account:<id>/members"
      def broadcasts_on_change_of(*associations, as: nil)
        raise ArgumentError, "#{name}.broadcasts_on_change_of needs an association" if associations.empty?
        raise ArgumentError, "#{name}.broadcasts_on_change_of: as: names one collection, declare one association per line" if as && associations.size > 1

        declarations = associations.map { |association| CollectionDeclaration.new(self, association, as: as) }
        self.inertia_sync_parents = inertia_sync_parents + declarations
      end

      # Who may subscribe to one record (and its collections). The block gets the connection's user
      # and the record, and returns truthy to allow:
      #
      #   sync_authorize { |user, account| account.members.include?(user) }
      def sync_authorize(&block)
        raise ArgumentError, "#{name}.sync_authorize needs a block |user, record|" unless block
        self.inertia_sync_authorizer = block
      end

      # Re-checks, after each commit of a record, the open subscriptions of the users whose access it
      # grants, so that a user who lost access stops receiving the markers at once (InertiaSync.reauthorize):
      #
      #   class AccountUser < ApplicationRecord
      #     belongs_to :user
      #     sync_reauthorize :user                                  # membership added, moved, removed
      #   end
      #
      #   class User < ApplicationRecord
      #     sync_reauthorize :itself, if: :saved_change_to_site_admin?   # promoted, demoted
      #   end
      #
      # Takes belongs_to associations (both the old and the new user after a change), methods returning
      # users, or a block <tt>|record|</tt>; +if+ and +unless+ as for any callback.
      def sync_reauthorize(*targets, **condition, &block)
        targets << block if block
        raise ArgumentError, "#{name}.sync_reauthorize needs an association, a method or a block" if targets.empty?
        unknown = condition.keys - %i[if unless]
        raise ArgumentError, "#{name}.sync_reauthorize: unknown option #{unknown.first.inspect} (if:, unless:)" if unknown.any?

        declarations = targets.map { |target| AccessDeclaration.new(self, target) }
        after_commit(**condition) { inertia_sync_reauthorize(declarations) }
      end

      # Who may subscribe to <tt>Model:all</tt>. The block gets the user:
      #
      #   sync_authorize_all { |user| user.site_admin? }
      def sync_authorize_all(&block)
        raise ArgumentError, "#{name}.sync_authorize_all needs a block |user|" unless block
        self.inertia_sync_all_authorizer = block
      end

      # The identifier name of this model (<tt>"Account"</tt>; see InertiaSync::Naming).
      def sync_name
        # Every change asks; a class's base class and name do not change once it has one.
        @inertia_sync_name ||= Naming.model_name(self)&.freeze
      end

      # Marks records changed by a write that skipped callbacks. Takes records, a relation, or primary
      # key values, and honours the current transaction like any other change:
      #
      #   Account.sync_changed!(accounts)                     # after update_all
      #   Account.sync_changed!([ 1, 2 ], action: :destroy)   # after delete_all
      #
      # Ids of rows that no longer exist still mark the rows themselves, but not their parents'
      # collections: call it before deleting, with records or a relation, to mark those too.
      def sync_changed!(records_or_ids, action: :update)
        action = Marker.validate_action!(action)
        changes = inertia_sync_rows(records_or_ids).each_with_object({}) do |row, marks|
          inertia_sync_identifiers_of(row).each { |identifier| marks[identifier] = action }
        end
        with_connection { |connection| InertiaSync::TransactionBatch.mark(connection, changes) } unless inertia_sync_suppressed?
        changes.keys
      end

      # Runs the block without marking changes of this model (in the current thread or fiber).
      def suppressing_sync
        suppressed = InertiaSync::Broadcastable.suppressed_models
        previously = suppressed.include?(sync_name)
        suppressed << sync_name
        yield
      ensure
        suppressed.delete(sync_name) unless previously
      end

      def inertia_sync_suppressed? # :nodoc:
        return true if InertiaSync.suppressed?

        # Looked up without creating the set: most threads never suppress one model.
        models = ActiveSupport::IsolatedExecutionState[:inertia_sync_suppressed_models]
        models ? models.include?(sync_name) : false
      end

      # Every identifier a row (record or attribute reader) touches, parents' collections included.
      def inertia_sync_identifiers_of(row, previous: false) # :nodoc:
        identifiers = [ Identifier.build(sync_name, Naming.obfuscated_id(self, row)) ]
        identifiers << inertia_sync_all_identifier if inertia_sync_to_all
        parents = inertia_sync_parents
        return identifiers if parents.empty?

        parents.each { |declaration| identifiers.concat(declaration.identifiers_for(row, previous: previous)) }
        identifiers.uniq
      end

      # <tt>"Account:all"</tt>, built once.
      def inertia_sync_all_identifier # :nodoc:
        @inertia_sync_all_identifier ||= Identifier.build(sync_name, "all").freeze
      end

      private
        def inertia_sync_rows(records_or_ids)
          items = records_or_ids.is_a?(ActiveRecord::Relation) ? records_or_ids.to_a : Array.wrap(records_or_ids)
          records, ids = items.partition { |item| item.is_a?(ActiveRecord::Base) }
          records + inertia_sync_rows_for_ids(ids)
        end

        def inertia_sync_rows_for_ids(ids)
          return [] if ids.empty?
          return ids.map { |id| { primary_key => id } } if inertia_sync_parents.empty? && respond_to?(:obfuscate_id)

          found = unscoped.where(primary_key => ids).to_a.index_by { |record| record[primary_key] }
          ids.map { |id| found[id] || found[id.to_s] || { primary_key => id } }
        end
    end

    def self.suppressed_models # :nodoc:
      ActiveSupport::IsolatedExecutionState[:inertia_sync_suppressed_models] ||= Set.new
    end

    # This record's identifier, <tt>"Account:PNvAYr"</tt>, for building client mappings.
    def sync_identifier
      Identifier.build(self.class.sync_name, obfuscated_id)
    end

    # Marks this record changed (for changes made with +update_column+ and friends).
    def sync_changed!(action: :update)
      self.class.sync_changed!(self, action: action)
    end

    private
      # A failure to announce must never fail a write that has already committed.
      def inertia_sync_reauthorize(declarations)
        InertiaSync.reauthorize(declarations.flat_map { |declaration| declaration.keys_for(self) })
      rescue StandardError => error
        InertiaSync.logger.error("[InertiaSync] could not re-check access after a #{self.class.name} commit: #{error.class}: #{error.message}")
        ActiveSupport.error_reporter&.report(error, handled: true, source: "inertia_sync")
      end

      # +only_if_saved+: an update that saved no change (a +save+ of an unchanged record) marks nothing.
      # Checked after the cheaper suppression check, since it walks the record's attributes.
      def inertia_sync_record_change(action, only_if_saved: false)
        model = self.class
        return if model.inertia_sync_suppressed? || (only_if_saved && !saved_changes?)

        identifiers = model.inertia_sync_identifiers_of(self, previous: action == :update)
        action = action.name
        model.with_connection { |connection| InertiaSync::TransactionBatch.mark(connection, identifiers.index_with(action)) }
      end
  end
end
