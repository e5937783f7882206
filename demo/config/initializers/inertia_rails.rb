# frozen_string_literal: true

InertiaRails.configure do |config|
  config.version = ViteRuby.digest
  config.encrypt_history = true
  config.always_include_errors_hash = true
  config.use_script_element_for_initial_page = true
  config.use_data_inertia_head_attribute = true
  config.server_head = true
  config.convert_fragment_redirects = true
  # Rewrite the XSRF-TOKEN cookie only when it is missing or stale, rather than on every response: a
  # partial reload then neither loads the session nor sends a Set-Cookie.
  config.xsrf_cookie_refresh = :lazy
end
