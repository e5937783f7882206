module InertiaSync
  module CableInternals
    # A marker's WebSocket frame, built once for all the sockets that follow its identifier.
    #
    # Action Cable frames every message for every socket on its own (websocket-driver allocates a
    # message and a frame, runs the extension pipeline, packs the header). A server's text frame is
    # the same bytes for every client, though: servers never mask, and Action Cable negotiates no
    # extension. So InertiaSync::FanOut builds the frame once per channel prefix and writes those
    # bytes to each socket's stream, which keeps Action Cable's own write path (its buffering, the
    # event loop, SendQueueLimit). A socket this does not hold for (another driver, an extension, a
    # socket that is not open) is sent the text through Action Cable's +transmit+, as before.
    module TextFrame
      FIN_TEXT = 0x81

      class << self
        # The RFC 6455 text frame (final, unmasked) whose payload is +text+.
        def build(text)
          payload = text.b
          length = payload.bytesize
          header =
            if length <= 125 then [ FIN_TEXT, length ].pack("C2")
            elsif length <= 0xFFFF then [ FIN_TEXT, 126, length ].pack("C2S>")
            else [ FIN_TEXT, 127, length ].pack("C2Q>")
            end
          header << payload
        end

        # The socket +websocket+ (an Action Cable WebSocket) writes its frames to, when a frame built
        # by +build+ is exactly what its driver would write; false otherwise. Checked once per socket:
        # the driver and its extensions are settled by the handshake, before any channel subscribes.
        def direct_socket(websocket)
          return false unless known? && websocket.is_a?(::ActionCable::Connection::WebSocket)

          client = websocket.send(:websocket)
          driver = client.instance_variable_get(:@driver) if client.is_a?(::ActionCable::Connection::ClientSocket)
          plain?(driver) ? client : false
        end

        # Writes +frame+ (built from +text+) to +direct+ (from +direct_socket+) while it is open, else
        # hands +text+ to Action Cable's +transmit+ on +websocket+.
        def write(websocket, direct, text, frame)
          if direct && direct.alive? && direct.instance_variable_get(:@driver).state == :open
            direct.write(frame)
          else
            websocket.transmit(text)
          end
        end

        private
          def plain?(driver)
            driver.instance_of?(::WebSocket::Driver::Hybi) && !driver.instance_variable_get(:@masking) &&
              driver.instance_variable_get(:@extensions).instance_variable_get(:@sessions) == []
          end

          def known?
            return @known if defined?(@known)

            @known = CableInternals.internals_known? && defined?(::WebSocket::Driver::Hybi) &&
              ::ActionCable::Connection::ClientSocket.method_defined?(:write) &&
              ::ActionCable::Connection::ClientSocket.method_defined?(:alive?) &&
              ::ActionCable::Connection::WebSocket.private_method_defined?(:websocket) || false
          end
      end
    end
  end
end
