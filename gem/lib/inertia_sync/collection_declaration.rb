module InertiaSync
  # One <tt>broadcasts_on_change_of</tt> declaration: a child model, the belongs_to association naming
  # its parent, and the name of the collection it forms on the parent (by default the child's
  # <tt>model_name.plural</tt>, e.g. +account_users+).
  class CollectionDeclaration
    COLLECTION_NAME = /\A[a-z_][a-z0-9_]{0,63}\z/

    attr_reader :child, :association, :collection

    def initialize(child, association, as: nil)
      @child = child
      @association = association.to_sym
      @collection = (as || child.model_name.plural).to_s
      unless COLLECTION_NAME.match?(@collection)
        raise ArgumentError, "#{child.name}: collection name #{@collection.inspect} must match #{COLLECTION_NAME.source} (pass as: to rename it)"
      end
    end

    def reflection
      @reflection ||= child.reflect_on_association(association).tap do |reflection|
        unless reflection&.belongs_to?
          raise ArgumentError, "#{child.name}.broadcasts_on_change_of #{association.inspect}: #{association} must be a belongs_to association"
        end
      end
    end

    # Whether this declaration forms a collection on +parent+ (a model class).
    def parent?(parent)
      if reflection.polymorphic?
        true
      else
        reflection.klass.name == parent.name
      end
    rescue NameError, ArgumentError
      false
    end

    # The collection identifiers +record+ belongs to now, and (when +previous+) before its last save.
    def identifiers_for(record, previous: false)
      fk, type = reflection.foreign_key, reflection.foreign_type
      current = [ reflection.polymorphic? ? record[type] : nil, record[fk] ]
      pairs = [ current ]
      if previous && (record.saved_change_to_attribute?(fk) || (type && record.saved_change_to_attribute?(type)))
        pairs << [ (record.attribute_before_last_save(type) if reflection.polymorphic?), record.attribute_before_last_save(fk) ]
      end
      pairs.filter_map { |type_name, id| identifier_for(type_name, id) }.uniq
    end

    # The collection identifier of the parent with primary key +id+ (and, if polymorphic, +type_name+).
    def identifier_for(type_name, id)
      return if id.nil?

      parent = reflection.polymorphic? ? InertiaSync.registry.model(type_name) : reflection.klass
      return unless parent

      obfuscated = Naming.obfuscated_id_for_key(parent, id)
      Identifier.build(Naming.model_name(parent), obfuscated, collection) if obfuscated
    end
  end
end
