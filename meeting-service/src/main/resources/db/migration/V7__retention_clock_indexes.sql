-- Index on the clock of livekit_webhook's retention rule (data-map.yaml): without it each purge batch
-- scanned the whole table.
CREATE INDEX livekit_webhook_received_at ON livekit_webhook (received_at);
