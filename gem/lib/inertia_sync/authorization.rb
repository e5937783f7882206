module InertiaSync
  # Decides whether a user may stream an identifier, using the model's hooks or the defaults:
  #
  # * <tt>Model:id</tt> and <tt>Model:id/collection</tt>: the model's +sync_authorize+ hook, else
  #   membership through the user's association named after the model (<tt>user.accounts</tt>
  #   for Account), or the record being the user.
  # * <tt>Model:all</tt>: the model's +sync_authorize_all+ hook, else <tt>config.admin_check</tt>
  #   (<tt>user.site_admin</tt>).
  #
  # No user means no access.
  module Authorization
    class << self
      def allowed?(user, model, identifier)
        return false if user.nil?

        if identifier.all?
          all_allowed?(user, model)
        else
          (record = model.find_by_obfuscated_id(identifier.id)) && record_allowed?(user, model, record)
        end
      end

      private
        def all_allowed?(user, model)
          hook = model.inertia_sync_all_authorizer
          (hook ? hook.call(user) : InertiaSync.config.admin_check.call(user)) ? true : false
        end

        def record_allowed?(user, model, record)
          if (hook = model.inertia_sync_authorizer)
            hook.call(user, record) ? true : false
          else
            member?(user, model, record)
          end
        end

        # The default rule, for any model: <tt>user.accounts.find_by_obfuscated_id(id).present?</tt>.
        def member?(user, model, record)
          return true if record == user

          association = model.model_name.plural
          user.class.respond_to?(:reflect_on_association) && user.class.reflect_on_association(association) &&
            user.public_send(association).where(model.primary_key => record.id).exists?
        end
    end
  end
end
