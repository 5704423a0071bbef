-- Each merchant's chosen payment gateway (seed 003: payment_gateway, gateway_config, auto_debit_enabled,
-- gateway_activated_at). Secrets never in clear: secrets_ciphertext is AES-GCM of their JSON, bound to merchant + gateway.
CREATE TABLE merchant_payment_setups (
    merchant_id         text        PRIMARY KEY,
    gateway             text        NOT NULL CHECK (gateway IN ('cmi', 'payzen', 'sg_maroc', 'orange_money', 'mtn_momo',
                                                                'moov_money', 'wave', 'manual')),
    currency            char(3)     NOT NULL,
    settings            jsonb       NOT NULL DEFAULT '{}',
    secrets_ciphertext  bytea       NOT NULL,
    auto_debit_enabled  boolean     NOT NULL DEFAULT false,
    activated_at        timestamptz,
    updated_at          timestamptz NOT NULL,
    updated_by          text        NOT NULL
);
