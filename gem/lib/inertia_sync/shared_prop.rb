module InertiaSync
  # An Inertia prop rendered once per version of the records it shows, and replayed to every viewer in
  # the same scope until one of them changes. When a record 1,000 tabs follow commits, every tab
  # reloads the prop; with a shared prop the first reload in each server process renders it and the
  # others read the JSON it left in the cache (InertiaRails' cache store, Rails.cache by default).
  #
  #   account: InertiaSync.shared_prop(account, [account, :account_users]) { AccountSerializer.with_members(account) }
  #
  # The cache key is made of the call site, the scope, +key+, and each dependency's current version.
  # So the block must depend on nothing else: list every record (or identifier) whose change must show,
  # and pass anything else the rendering depends on (a page number, a locale) as +key+.
  #
  # +scope+ is whom the rendering may be shown to. The default is the signed-in user (the controller's
  # +current_user+, or <tt>Current.user</tt>): one rendering per user, never another user's view. When
  # every viewer allowed to reach the prop sees the same thing, <tt>scope: :everyone</tt> shares one
  # rendering between them all (the action still checks who may see the record, on every request);
  # any other object (a role, an account) shares it between the viewers that pass the same one.
  # Without a user and without +scope+, the block simply runs every time.
  #
  # A rendering is only stored when every dependency's version was handed out before the request read
  # its page cursor (that is, before the action loaded anything): a change committed in the middle of
  # a request might not be in the records the block uses, and must not be filed under its version.
  # Entries expire after +expires_in+ (seconds or a Duration) all the same, which bounds how long a
  # dependency the list forgot can show stale.
  class SharedProp
    EVERYONE = :everyone

    # The prop's value in the props hash: Inertia evaluates it only when the prop is rendered.
    def self.build(*dependencies, scope: nil, key: nil, expires_in: 60, &block)
      new(dependencies, scope: scope, key: key, expires_in: expires_in, &block).to_proc
    end

    def initialize(dependencies, scope:, key:, expires_in:, &block)
      raise ArgumentError, "InertiaSync.shared_prop needs a block that renders the prop" unless block
      raise ArgumentError, "InertiaSync.shared_prop needs the records (or identifiers) the prop shows" if dependencies.empty?
      unless defined?(::InertiaRails::CachedProp)
        raise ConfigurationError, "InertiaSync.shared_prop needs inertia_rails with cached props (InertiaRails.cache)"
      end

      @identifiers = dependencies.map { |dependency| identifier_of(dependency) }.uniq.freeze
      @scope, @key, @expires_in, @block = scope, key, expires_in, block
      @site = block.source_location&.join(":")
    end

    def to_proc
      prop = self
      # Inertia runs a Proc prop with the controller as +self+.
      -> { prop.render(self) }
    end

    # The prop's value for +controller+'s request: the cached JSON when it may be shared, else the block's.
    def render(controller)
      owner = owner_for(controller)
      key = owner.nil? ? nil : cache_key(controller, owner)
      return controller.instance_exec(&@block) unless key

      ::InertiaRails::CachedProp.new(key, expires_in: @expires_in, &@block).call(controller)
    end

    private
      def identifier_of(dependency)
        identifier =
          case dependency
          when String then dependency
          when Array then collection_identifier(dependency)
          else dependency.try(:sync_identifier)
          end
        Identifier.valid?(identifier) ? identifier : raise(ArgumentError, "InertiaSync.shared_prop: #{dependency.inspect} is neither a record with a sync_identifier nor an identifier")
      end

      def collection_identifier((record, collection, *rest))
        return unless rest.empty? && record.respond_to?(:sync_identifier) && (collection.is_a?(Symbol) || collection.is_a?(String))

        "#{record.sync_identifier}/#{collection}"
      end

      # Whom the rendering belongs to; nil: nobody to share it with.
      def owner_for(controller)
        return @scope unless @scope.nil?

        if controller.respond_to?(:current_user, true)
          controller.send(:current_user)
        elsif defined?(::Current) && ::Current.respond_to?(:user)
          ::Current.user
        end
      end

      # nil when a dependency changed after the request's cursor (or the versions cannot be read).
      def cache_key(controller, owner)
        cursor = controller.send(:inertia_sync_cursor) if controller.respond_to?(:inertia_sync_cursor, true)
        return unless cursor.is_a?(Integer) && cursor.positive?

        versions = versions_of(InertiaSync.version_store)
        return if versions.any? { |version| version > cursor }

        [ "inertia_sync/shared", @site, owner == EVERYONE ? "everyone" : [ "owner", owner ], @key, @identifiers.zip(versions) ]
      rescue StandardError => error
        InertiaSync.logger.warn("[InertiaSync] shared prop rendered unshared: could not read versions (#{error.class}: #{error.message})")
        nil
      end

      # One read for every dependency (one round trip to Redis) where the store offers it.
      def versions_of(store)
        return store.versions_of(@identifiers) if store.respond_to?(:versions_of)

        @identifiers.map { |identifier| store.version_of(identifier) }
      end
  end
end
