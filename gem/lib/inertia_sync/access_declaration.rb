module InertiaSync
  # One +sync_reauthorize+ declaration: which users' access a model's records grant, so that a commit
  # of one of them re-checks those users' open subscriptions (InertiaSync.reauthorize).
  #
  # The target is a belongs_to association (its foreign key is read, the user is not loaded; after a
  # change both the old and the new user are re-checked), any other method returning users
  # (<tt>:itself</tt> for the user model), or a block <tt>|record|</tt>.
  class AccessDeclaration # :nodoc:
    def initialize(model, target)
      unless target.is_a?(Symbol) || target.respond_to?(:call)
        raise ArgumentError, "#{model.name}.sync_reauthorize takes association or method names, or a block; got #{target.inspect}"
      end
      @model, @target = model, target
    end

    # The revocation keys of the users whose access +record+'s last commit may have changed.
    def keys_for(record)
      if @target.respond_to?(:call)
        keys_of(@target.call(record))
      elsif (reflection = @model.reflect_on_association(@target))&.belongs_to?
        belongs_to_keys(record, reflection)
      else
        keys_of(record.public_send(@target))
      end
    end

    private
      def keys_of(users)
        Array.wrap(users).filter_map { |user| Revocation.key_of(user) }
      end

      def belongs_to_keys(record, reflection)
        fk, type = reflection.foreign_key, (reflection.foreign_type if reflection.polymorphic?)
        pairs = [ [ type && record[type], record[fk] ] ]
        if record.saved_change_to_attribute?(fk) || (type && record.saved_change_to_attribute?(type))
          pairs << [ type && record.attribute_before_last_save(type), record.attribute_before_last_save(fk) ]
        end
        pairs.filter_map do |type_name, id|
          model = type ? type_name&.safe_constantize : reflection.klass
          Revocation.key_for(model, id) if model
        end.uniq
      end
  end
end
