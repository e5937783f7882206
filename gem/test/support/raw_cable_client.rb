require_relative "cable_client"

# A CableClient that can also send what no well-behaved client would: any text frame, binary
# frames; and wait until the received frames as a whole satisfy a condition.
class RawCableClient < CableClient
  # Sends +data+ as one text frame, as is.
  def send_text(data)
    sent = @mutex.synchronize { @driver.text(data) }
    raise IOError, "#{name}: cannot send on a closed socket" unless sent
  end

  def send_binary(bytes)
    sent = @mutex.synchronize { @driver.binary(bytes) }
    raise IOError, "#{name}: cannot send on a closed socket" unless sent
  end

  # Sends the frames the block sends in one socket write, so that the server reads them together.
  def together
    @batch = +""
    yield
    batch, @batch = @batch, nil
    @socket.write(batch)
  end

  def write(data) # :nodoc:
    @batch ? @batch << data : super
  end

  # Waits until the block, given the gem's replies about +identifier+ so far, returns a truthy value.
  def wait_for_replies(identifier, timeout = DEFAULT_TIMEOUT, what = "the expected replies")
    wait_until(timeout, "#{what} for #{identifier}") { yield replies_in(@messages, identifier) }
  end

  # The gem's replies (subscribed, unsubscribed, error) about +identifier+, oldest first.
  def replies(identifier)
    replies_in(messages, identifier)
  end

  private
    def replies_in(frames, identifier)
      frames.filter_map { |frame| frame["message"] if frame["identifier"] == CHANNEL && frame["message"].is_a?(Hash) }
        .select { |payload| payload["identifier"] == identifier && payload.key?("type") }
    end
end
