package io.tracknow.commission.ledger;

/**
 * The ledger's accounts; each exists per owner and currency. Postings are signed: debit positive,
 * credit negative. {@link #MERCHANT_PAYABLE} is an asset (what a merchant owes the platform: the
 * influencer's and the platform's commissions); the influencer accounts and {@link #PLATFORM_REVENUE}
 * are credit-normal, so their balances are shown negated; {@link #PAID_OUT} is credited with what
 * left the platform to an influencer.
 */
public enum Account {
    MERCHANT_PAYABLE(1),
    INFLUENCER_PENDING(-1),
    INFLUENCER_AVAILABLE(-1),
    PLATFORM_REVENUE(-1),
    PAID_OUT(-1),
    COLLECTED(1);

    /** The platform's own owner id, for {@link #PLATFORM_REVENUE}. */
    public static final String PLATFORM = "platform";

    private final int normalSign;

    Account(int normalSign) {
        this.normalSign = normalSign;
    }

    /** The balance as people read it (what is owed, pending, available, paid), from the signed sum. */
    public long shown(long signedSum) {
        return Math.multiplyExact(normalSign, signedSum);
    }
}
