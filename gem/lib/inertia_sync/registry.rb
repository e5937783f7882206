module InertiaSync
  # The models that include InertiaSync::Broadcastable, by class name, and the collections their
  # children declared on them with +broadcasts_on_change_of+.
  #
  # Client input is resolved only through this registry: a name that is not in it is unknown, however
  # much it looks like a constant.
  class Registry
    def initialize
      @models = Concurrent::Map.new
      @loaded = false
    end

    # Called by Broadcastable when a model includes it.
    def register(model)
      @models[model.name] = model if model.name
    end

    # The registered model called +name+, or nil.
    def model(name)
      return unless name.is_a?(String)

      ensure_models_loaded
      @models[name]
    end
    alias_method :[], :model

    def models
      ensure_models_loaded
      @models.values
    end

    def names
      models.map(&:name)
    end

    # The collections declared on +parent+: { "account_users" => AccountUser }.
    def collections_for(parent)
      models.each_with_object({}) do |child, collections|
        child.inertia_sync_parents.each do |declaration|
          collections[declaration.collection] = child if declaration.parent?(parent)
        end
      end
    end

    # Forgets every model; called when the app reloads code.
    def clear!
      @models.clear
      @loaded = false
    end

    private
      # Models register themselves when loaded; in an app that loads code lazily (development, most
      # tests) a model may not be loaded yet when a client names it, so load the models once first.
      def ensure_models_loaded
        return if @loaded

        @loaded = true
        return unless defined?(Rails.application) && Rails.application && !Rails.application.config.eager_load

        Rails.application.config.paths["app/models"].existent_directories.each do |dir|
          Rails.autoloaders.main.eager_load_dir(dir)
        end
      rescue StandardError => error
        InertiaSync.logger.warn("[InertiaSync] could not load app/models: #{error.class}: #{error.message}")
      end
  end
end
