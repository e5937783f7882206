module InertiaSync
  # Carries InertiaSync::Current.origin from the request that enqueues a job into the job, so changes
  # the job makes are attributed to the same tab. Included into ActiveJob::Base by the engine.
  module JobOrigin
    extend ActiveSupport::Concern

    included do
      around_perform do |job, block|
        InertiaSync::Current.set(origin: job.inertia_sync_origin) { block.call }
      end
    end

    def inertia_sync_origin # :nodoc:
      defined?(@inertia_sync_origin) ? @inertia_sync_origin : InertiaSync::Current.origin
    end

    def serialize # :nodoc:
      origin = inertia_sync_origin
      origin ? super.merge("inertia_sync_origin" => origin) : super
    end

    def deserialize(job_data) # :nodoc:
      super
      @inertia_sync_origin = job_data["inertia_sync_origin"]
    end
  end
end
