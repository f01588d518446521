package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PaletteColorTest {

    @ParameterizedTest(name = "\"{0}\" is {1} at {2}")
    @CsvSource({
        "'#C2D1E6:60',      #C2D1E6, 60.00%",
        "'#c2d1e6:60.00%',  #C2D1E6, 60.00%",
        "'#000000=0.5',     #000000, 0.50%",
        "' #ffffff : 100 ', #FFFFFF, 100.00%",
        "'#123abc:33.335',  #123ABC, 33.34%",
    })
    void parse_hexAndPercent_normalisedWireForm(String text, String hex, String ratio) {
        PaletteColor c = PaletteColor.parse(text);
        assertThat(c.hex()).isEqualTo(hex);
        assertThat(c.ratio()).isEqualTo(ratio);
        assertThat(c.percent().scale()).isEqualTo(2);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "C2D1E6:60    | is not #RRGGBB",
        "#C2D1E:60    | is not #RRGGBB",
        "#C2D1E6F:60  | is not #RRGGBB",
        "#GGGGGG:60   | is not #RRGGBB",
        "#C2D1E6:0    | must be at least 0.01% and at most 100%",
        "#C2D1E6:-5   | must be at least 0.01% and at most 100%",
        "#C2D1E6:100.01 | must be at least 0.01% and at most 100%",
        "#C2D1E6      | is not #RRGGBB:percent",
        "#C2D1E6:abc  | is not #RRGGBB:percent",
        "#C2D1E6:1:2  | is not #RRGGBB:percent",
    })
    void parse_invalid_rejectedNamingRule(String text, String rule) {
        assertThatThrownBy(() -> PaletteColor.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule);
    }

    @ParameterizedTest(name = "null or blank hex {0} rejected")
    @ValueSource(strings = {"", "#"})
    void constructor_badHex_rejected(String hex) {
        assertThatThrownBy(() -> new PaletteColor(hex, BigDecimal.TEN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + hex + "\"");
        assertThatThrownBy(() -> new PaletteColor(null, BigDecimal.TEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaletteColor("#FFFFFF", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
