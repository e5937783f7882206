module InertiaSync
  # Which SyncChannel subscriptions of this process follow on behalf of whom: each registers under the
  # keys of its user and its session (<tt>"User#3"</tt>, <tt>"Session#12"</tt>, see Revocation.key_of),
  # so that a revocation reaching the process finds exactly the subscriptions it concerns. Entries
  # live as long as their subscription, so the directory is as big as the process's open sockets.
  class AccessDirectory # :nodoc:
    def initialize
      @lock = Mutex.new
      @by_key = Hash.new { |hash, key| hash[key] = Set.new.compare_by_identity }
      @keys_of = {}.compare_by_identity
    end

    def add(subscription, keys)
      keys = keys.compact.uniq
      @lock.synchronize do
        keys.each { |key| @by_key[key] << subscription }
        @keys_of[subscription] = keys
      end
    end

    def remove(subscription)
      @lock.synchronize do
        (@keys_of.delete(subscription) || []).each do |key|
          subscriptions = @by_key[key]
          subscriptions.delete(subscription)
          @by_key.delete(key) if subscriptions.empty?
        end
      end
    end

    # The subscriptions registered under +key+, as a snapshot.
    def subscriptions_for(key)
      @lock.synchronize { @by_key.key?(key) ? @by_key[key].to_a : [] }
    end

    def size
      @lock.synchronize { @keys_of.size }
    end
  end
end
