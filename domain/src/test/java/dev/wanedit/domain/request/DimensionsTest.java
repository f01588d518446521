package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DimensionsTest {

    @ParameterizedTest(name = "\"{0}\" is {1}x{2}")
    @CsvSource({"1280*720, 1280, 720", "' 1280 * 720 ', 1280, 720", "1*1, 1, 1", "4096*4096, 4096, 4096"})
    void parse_starSeparated_widthAndHeight(String text, int w, int h) {
        Dimensions d = Dimensions.parse(text);
        assertThat(d).isEqualTo(new Dimensions(w, h));
        assertThat(d.pixels()).isEqualTo((long) w * h);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"1280x720", "1280X720", "1280,720", "1280", "1280*", "*720", "1280**720", "1280*720*3",
        "a*b", "1280.5*720", "", "2K"})
    void parse_notWTimesH_rejectedNamingFormat(String text) {
        assertThatThrownBy(() -> Dimensions.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"").hasMessageContaining("W*H");
    }

    @ParameterizedTest(name = "{0}x{1} is rejected")
    @CsvSource({"0, 720", "1280, 0", "-1, 720", "1280, -720"})
    void constructor_nonPositiveSide_rejected(int w, int h) {
        assertThatThrownBy(() -> new Dimensions(w, h)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive").hasMessageContaining(w + "*" + h);
    }

    @Test
    void pixels_largeSides_noIntOverflow() {
        assertThat(new Dimensions(50_000, 50_000).pixels()).isEqualTo(2_500_000_000L);
    }

    @Test
    void toString_wireForm() {
        assertThat(new Dimensions(1280, 720)).hasToString("1280*720");
        assertThat(new Dimensions(1280, 720).aspect()).isEqualTo(1280.0 / 720.0);
    }

    @ParameterizedTest(name = "budget {0} at aspect {1} is {2}")
    @CsvSource({"1638400, 1.0, 1280*1280", "4194304, 1.0, 2048*2048", "1048576, 1.0, 1024*1024",
        "1638400, 1.3333333333, 1478*1109", "4194304, 0.125, 724*5793"})
    void ofBudget_budgetAndAspect_exactBudgetAtTheAspect(long budget, double aspect, String expected) {
        Dimensions d = Dimensions.ofBudget(budget, aspect);
        assertThat(d).isEqualTo(Dimensions.parse(expected));
        assertThat((double) d.pixels()).isCloseTo(budget, org.assertj.core.data.Percentage.withPercentage(0.2));
    }
}
