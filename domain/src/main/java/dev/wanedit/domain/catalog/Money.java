package dev.wanedit.domain.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of money. Prices are CNY for Beijing and "CNY-equivalent" for Singapore, as the
 * official pricing page gives them (protocol notes 4.4).
 */
public record Money(BigDecimal amount, String currency) {

    public static final String CNY = "CNY";

    public Money {
        if (amount == null || currency == null || currency.isBlank()) {
            throw new IllegalArgumentException("amount and currency must be given");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, got " + amount);
        }
    }

    public static Money cny(String amount) {
        return new Money(new BigDecimal(amount), CNY);
    }

    public static Money zero(String currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money times(long count) {
        return new Money(amount.multiply(BigDecimal.valueOf(count)), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(amount.add(other.amount), currency);
    }

    public boolean exceeds(Money other) {
        return currency.equals(other.currency) && amount.compareTo(other.amount) > 0;
    }

    @Override
    public String toString() {
        return amount.setScale(Math.max(2, amount.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString()
                + " " + currency;
    }
}
