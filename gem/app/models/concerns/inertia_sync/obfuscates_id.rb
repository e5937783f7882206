require "openssl"
require "sqids"

module InertiaSync
  # Short, non-sequential public ids for records, so identifiers do not reveal how many records exist
  # or let a client walk them:
  #
  #   class Account < ApplicationRecord
  #     include ObfuscatesId
  #   end
  #
  #   account.obfuscated_id                       # => "PNvAYr"
  #   Account.find_by_obfuscated_id("PNvAYr")     # => account
  #   Account.find_by_obfuscated_id("garbage!!")  # => nil (never raises)
  #   current_user.accounts.find_by_obfuscated_id("PNvAYr") # scoped, like any finder
  #
  # Ids are Sqids, at least MIN_LENGTH characters, over an alphabet shuffled per model with a key
  # derived from the app's +secret_key_base+: the same id looks different for two models, and the
  # mapping changes if the secret does. Obfuscation is not encryption: authorization never relies on it.
  #
  # An app may bring its own scheme instead; the gem only needs +obfuscated_id+ and
  # +find_by_obfuscated_id+ (and uses +obfuscate_id(id)+ when present to avoid loading parents).
  module ObfuscatesId
    extend ActiveSupport::Concern

    # The shortest id produced. Longer than "all", so no record is ever called "all".
    MIN_LENGTH = 6
    # The largest id Sqids encodes (2**62 - 1 on 64-bit Ruby).
    MAX_ID = Sqids.max_value
    SHAPE = /\A[A-Za-z0-9]{#{MIN_LENGTH},64}\z/
    # How many encoded (and decoded) ids each model remembers before starting over.
    ENCODED_CACHE_SIZE = 10_000

    class_methods do
      # The obfuscated form of a primary key value.
      def obfuscate_id(id)
        return if id.nil?

        id = Integer(id)
        cache = inertia_sync_encoded_ids
        cache.clear if cache.size >= ENCODED_CACHE_SIZE
        cache.compute_if_absent(id) { inertia_sync_sqids.encode([ id ]).freeze }
      end

      # The primary key value of an obfuscated id, or nil when +value+ is not one this model produced.
      # Ids that decode are remembered: every request that names a record decodes its id, and Sqids'
      # decoding allocates a few hundred objects each time. Strings that do not decode are not kept,
      # so a client sending garbage cannot fill the cache with it.
      def deobfuscate_id(value)
        return unless value.is_a?(String) && SHAPE.match?(value)

        cache = inertia_sync_decoded_ids
        cache.fetch(value) do
          cache.clear if cache.size >= ENCODED_CACHE_SIZE
          (id = decode_canonical(value)) && cache.put_if_absent(value.dup.freeze, id)
          id
        end
      end

      # The record with this obfuscated id in the current scope, or nil.
      def find_by_obfuscated_id(value)
        (id = deobfuscate_id(value)) && find_by(primary_key => id)
      end

      # Encoding checks every candidate against Sqids' blocklist (~80 us an id): remember recent ones,
      # since the same records are marked and rendered over and over.
      def inertia_sync_encoded_ids # :nodoc:
        @inertia_sync_encoded_ids ||= Concurrent::Map.new
      end

      def inertia_sync_decoded_ids # :nodoc:
        @inertia_sync_decoded_ids ||= Concurrent::Map.new
      end

      def inertia_sync_sqids # :nodoc:
        @inertia_sync_sqids ||= Sqids.new(alphabet: ObfuscatesId.alphabet_for(Naming.model_name(self)), min_length: MIN_LENGTH)
      end

      private
        # Sqids decodes some strings it never produces; accept only the canonical encoding.
        def decode_canonical(value)
          numbers = inertia_sync_sqids.decode(value)
          numbers.first if numbers.size == 1 && numbers.first.between?(1, MAX_ID) && obfuscate_id(numbers.first) == value
        rescue ArgumentError, TypeError
          nil
        end
    end

    # This record's obfuscated id.
    def obfuscated_id
      self.class.obfuscate_id(id)
    end

    class << self
      # The Sqids alphabet of +model_name+: the default alphabet shuffled (Fisher-Yates) by an HMAC
      # stream keyed from secret_key_base. Implemented here rather than with Array#shuffle so that ids
      # never change with the Ruby version.
      def alphabet_for(model_name)
        key = secret_key(model_name)
        chars = Sqids::DEFAULT_ALPHABET.chars
        (chars.size - 1).downto(1) do |i|
          j = OpenSSL::HMAC.digest("SHA256", key, i.to_s).unpack1("Q>") % (i + 1)
          chars[i], chars[j] = chars[j], chars[i]
        end
        chars.join
      end

      private
        def secret_key(model_name)
          secret = Rails.application&.secret_key_base if defined?(Rails.application)
          if secret.blank?
            raise InertiaSync::Error, "InertiaSync::ObfuscatesId needs the app's secret_key_base (set SECRET_KEY_BASE or credentials) to derive #{model_name}'s ids."
          end

          OpenSSL::HMAC.digest("SHA256", secret, "inertia_sync/obfuscated_id/#{model_name}")
        end
    end
  end
end
