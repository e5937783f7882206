module InertiaSync
  # The one rule for how records are named in identifiers, obfuscated ids and revocations:
  #
  # * a model goes by its base class's name (<tt>"Account"</tt>), so STI subclasses share their
  #   parent's identifiers, ids and Sqids alphabet;
  # * a record's public id is computed from its primary key when the model can (ObfuscatesId's
  #   +obfuscate_id+, which needs no load), else read from the record's own +obfuscated_id+.
  module Naming
    class << self
      # The name +model+ goes by.
      def model_name(model)
        (model.respond_to?(:base_class) ? model.base_class : model).name
      end

      # The obfuscated id of +row+ (a record, or anything answering <tt>[primary_key]</tt>) of +model+.
      def obfuscated_id(model, row)
        if model.respond_to?(:obfuscate_id)
          model.obfuscate_id(row[model.primary_key])
        elsif row.respond_to?(:obfuscated_id)
          row.obfuscated_id
        else
          raise InertiaSync::Error, "#{model.name} includes Broadcastable but has no obfuscated ids: include ObfuscatesId (or define obfuscated_id and find_by_obfuscated_id)"
        end
      end

      # The obfuscated id of the row of +model+ whose primary key is +id+: computed when the model can,
      # else read from the row, loaded (nil when there is no such row).
      def obfuscated_id_for_key(model, id)
        return if id.nil?

        if model.respond_to?(:obfuscate_id)
          model.obfuscate_id(id)
        else
          model.unscoped.find_by(model.primary_key => id)&.obfuscated_id
        end
      end
    end
  end
end
