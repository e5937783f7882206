module InertiaSync
  class Engine < ::Rails::Engine
  end
end
