package io.tracknow.payment.journal;

import io.tracknow.events.payments.PaymentKind;
import java.util.List;

/**
 * A payment to record before anything is sent.
 *
 * @param idempotencyKey what makes it unique (merchant|period|currency, influencer|week|currency): recording
 *                       the same key again gives the payment already recorded, never a second one
 */
public record NewTransaction(
        PaymentKind kind,
        String merchantId,
        String influencerId,
        String gateway,
        String idempotencyKey,
        String period,
        long amountMinor,
        String currency,
        List<String> commissionIds) {}
