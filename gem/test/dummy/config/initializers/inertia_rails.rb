InertiaRails.configure do |config|
  config.always_include_errors_hash = true
end
