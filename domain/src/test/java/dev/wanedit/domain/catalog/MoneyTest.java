package dev.wanedit.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyTest {

    @ParameterizedTest(name = "{0} x {1} = {2}")
    @CsvSource({"0.20, 4, 0.80", "0.220177, 3, 0.660531", "0.14, 0, 0", "0.562065, 12, 6.744780", "0.50, 1, 0.50"})
    void times_count_exactProduct(String unit, long n, String expected) {
        Money m = Money.cny(unit).times(n);
        assertThat(m.amount()).isEqualByComparingTo(expected);
        assertThat(m.currency()).isEqualTo("CNY");
    }

    @Test
    void plus_sameCurrency_sum() {
        assertThat(Money.cny("0.20").plus(Money.cny("0.220177")).amount()).isEqualByComparingTo("0.420177");
    }

    @Test
    void plus_otherCurrency_rejectedNamingBoth() {
        assertThatThrownBy(() -> Money.cny("1").plus(new Money(BigDecimal.ONE, "USD")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USD").hasMessageContaining("CNY");
    }

    @ParameterizedTest(name = "{0} exceeds {1}: {2}")
    @CsvSource({"0.21, 0.20, true", "0.20, 0.20, false", "0.200, 0.20, false", "0.19, 0.20, false"})
    void exceeds_comparesAmounts(String a, String b, boolean exceeds) {
        assertThat(Money.cny(a).exceeds(Money.cny(b))).isEqualTo(exceeds);
    }

    @Test
    void exceeds_otherCurrency_false() {
        assertThat(new Money(new BigDecimal("100"), "USD").exceeds(Money.cny("1"))).isFalse();
    }

    @ParameterizedTest(name = "{0} prints as {1}")
    @CsvSource({"0.2, 0.20 CNY", "0.20, 0.20 CNY", "0.220177, 0.220177 CNY", "2, 2.00 CNY", "0, 0.00 CNY",
        "1E+2, 100.00 CNY", "0.50000, 0.50 CNY", "6.744780, 6.74478 CNY"})
    void toString_atLeastTwoDecimalsNoTrailingNoise(String amount, String text) {
        assertThat(Money.cny(amount)).hasToString(text);
    }

    @Test
    void zero_isZeroInCurrency() {
        assertThat(Money.zero("CNY").amount()).isEqualByComparingTo("0");
        assertThat(Money.zero("CNY")).hasToString("0.00 CNY");
    }

    @Test
    void constructor_invalid_rejectedNamingField() {
        assertThatThrownBy(() -> Money.cny("-0.01")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative").hasMessageContaining("-0.01");
        assertThatThrownBy(() -> new Money(null, "CNY")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("currency");
    }
}
