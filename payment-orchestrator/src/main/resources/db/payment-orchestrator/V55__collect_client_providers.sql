-- Payments API (seed 004), live keys: each client platform's provider per payment method (the gateway, its
-- settings, and its secrets sealed with SecretCipher, bound to the client, the method and the gateway).
CREATE TABLE collect_client_providers (
    client_id      text        NOT NULL,
    payment_method text        NOT NULL CHECK (payment_method IN ('mobile_money', 'credit_card')),
    gateway        text        NOT NULL,
    settings       jsonb       NOT NULL,
    secrets_sealed bytea       NOT NULL,
    updated_at     timestamptz NOT NULL,
    updated_by     text        NOT NULL,
    PRIMARY KEY (client_id, payment_method)
);
-- a provider's callback names the payment by its reference
CREATE INDEX collect_payments_by_provider_reference ON collect_payments (provider, provider_reference)
    WHERE mode = 'live';
