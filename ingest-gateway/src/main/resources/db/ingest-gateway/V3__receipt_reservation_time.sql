-- When a delivery was last reserved for publishing. A PUBLISHING row older than the reservation lease
-- belongs to an attempt that was cancelled or died with its gateway; the next retry takes it over.
ALTER TABLE delivery_receipts ADD COLUMN reserved_at timestamptz NOT NULL DEFAULT now();
