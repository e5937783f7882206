module InertiaSync
  # Per-request state: the origin (tab id) of the request that is making changes, echoed in markers
  # so that the tab can ignore its own writes. Set by InertiaSync::RequestOrigin, and restored in jobs
  # by InertiaSync::JobOrigin.
  class Current < ActiveSupport::CurrentAttributes
    attribute :origin

    # Sets +origin+ only when it is a valid tab id; anything else is ignored.
    def origin=(value)
      super(value.is_a?(String) && InertiaSync::ORIGIN_PATTERN.match?(value) ? value : nil)
    end
  end
end
