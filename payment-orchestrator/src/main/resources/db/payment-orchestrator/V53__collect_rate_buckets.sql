-- The payments API's rate limit per API key, shared by every replica: Bucket4j's bucket state per key,
-- changed only by compare-and-swap (collect.keys.PostgresBuckets).
CREATE TABLE collect_rate_buckets (
    bucket_key text  PRIMARY KEY,
    state      bytea NOT NULL
);
