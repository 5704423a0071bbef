package io.tracknow.commission.ledger;

import io.tracknow.money.Money;
import java.util.Objects;

/** One line of a journal entry: a signed amount (debit positive) on an owner's account. */
public record Posting(Account account, String ownerId, Money amount) {

    public Posting {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(ownerId, "ownerId");
        Objects.requireNonNull(amount, "amount");
    }
}
