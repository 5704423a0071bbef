package io.tracknow.payment.payouts;

import io.tracknow.web.ApiProblem;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Where an influencer is paid in one currency: a mobile-money wallet (provider, E.164 number, country)
 * or a bank account (IBAN, checked with its ISO 13616 mod-97 check digits).
 */
public record PayoutAccount(
        String influencerId,
        String currency,
        String method,
        String provider,
        String msisdn,
        String country,
        String iban,
        String holderName,
        Instant updatedAt) {

    static final Set<String> WALLETS = Set.of("orange_money", "mtn_momo", "moov_money", "wave");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    /** The request body of PUT .../payout-account. */
    public record Request(
            String currency,
            String method,
            String provider,
            String msisdn,
            String country,
            String iban,
            String holderName) {}

    /** Checks a request; every refusal is a 400 problem {@code invalid-payout-account}. */
    static PayoutAccount of(String influencerId, Request request, Instant now) {
        if (request == null) {
            throw invalid("the body must name currency, method and the account");
        }
        String currency = upper(request.currency());
        if (currency == null || !isCurrency(currency)) {
            throw invalid("currency must be an ISO 4217 code");
        }
        String holder = request.holderName() == null ? "" : request.holderName().trim();
        if (holder.isEmpty() || holder.length() > 200) {
            throw invalid("holderName is required (at most 200 characters)");
        }
        if ("mobile_money".equals(request.method())) {
            if (request.provider() == null || !WALLETS.contains(request.provider())) {
                throw invalid("provider must be one of " + WALLETS);
            }
            String msisdn = request.msisdn() == null ? "" : request.msisdn().replace(" ", "");
            if (!E164.matcher(msisdn).matches()) {
                throw invalid("msisdn must be an E.164 number such as +221770000000");
            }
            String country = upper(request.country());
            if (country == null
                    || !COUNTRY.matcher(country).matches()
                    || !Set.of(Locale.getISOCountries()).contains(country)) {
                throw invalid("country must be an ISO 3166 alpha-2 code such as SN");
            }
            return new PayoutAccount(
                    influencerId, currency, "mobile_money", request.provider(), msisdn, country, null, holder, now);
        }
        if ("bank_transfer".equals(request.method())) {
            String iban = request.iban() == null
                    ? ""
                    : request.iban().replace(" ", "").toUpperCase(Locale.ROOT);
            if (!validIban(iban)) {
                throw invalid("iban is not a valid IBAN (country, check digits, account)");
            }
            return new PayoutAccount(
                    influencerId, currency, "bank_transfer", null, null, iban.substring(0, 2), iban, holder, now);
        }
        throw invalid("method must be mobile_money or bank_transfer");
    }

    /** ISO 13616: move the first four characters to the end, letters to numbers (A=10), the number mod 97 is 1. */
    static boolean validIban(String iban) {
        if (!IBAN.matcher(iban).matches()) {
            return false;
        }
        StringBuilder digits = new StringBuilder();
        for (char c : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** The account as shown back: the number or IBAN with all but its last four characters hidden. */
    PayoutAccount masked() {
        return new PayoutAccount(
                influencerId, currency, method, provider, hide(msisdn), country, hide(iban), holderName, updatedAt);
    }

    private static String hide(String value) {
        return value == null
                ? null
                : "*".repeat(Math.max(0, value.length() - 4)) + value.substring(Math.max(0, value.length() - 4));
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }

    private static boolean isCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ApiProblem invalid(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-payout-account", "Invalid payout account", detail);
    }
}
