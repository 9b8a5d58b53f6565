-- X's filtered stream delivers posts to /webhooks/x-stream. One row says when the stream was last
-- heard from (a delivery, a CRC check) and the newest post it delivered, so that the scheduled
-- search runs only over a stretch where deliveries stopped, once, and from where they stopped.
-- Post ids are decimal strings (they exceed 2^53); "newer" compares length, then digits.
CREATE TABLE x_stream_heartbeat (
  stream TEXT PRIMARY KEY CHECK (stream = 'posts'),
  last_delivery_at_ms INTEGER CHECK (last_delivery_at_ms >= 0),
  last_crc_at_ms INTEGER CHECK (last_crc_at_ms >= 0),
  -- The newest post id any delivery carried, and the newest the gap search reached.
  newest_delivered_id TEXT CHECK (newest_delivered_id GLOB '[1-9]*' AND newest_delivered_id NOT GLOB '*[^0-9]*'),
  gap_searched_through_id TEXT CHECK (gap_searched_through_id GLOB '[1-9]*' AND gap_searched_through_id NOT GLOB '*[^0-9]*'),
  -- When the gap search last ran: the next one waits for another silence as long.
  gap_searched_at_ms INTEGER CHECK (gap_searched_at_ms >= 0),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= 0)
) STRICT;
