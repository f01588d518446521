package dev.wanedit.domain.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RegionTest {

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({"beijing, BEIJING", "BEIJING, BEIJING", "' Beijing ', BEIJING", "cn-beijing, BEIJING",
        "CN-BEIJING, BEIJING", "singapore, SINGAPORE", "ap-southeast-1, SINGAPORE", "SINGAPORE, SINGAPORE"})
    void parse_nameOrCloudRegion_region(String text, Region expected) {
        assertThat(Region.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"virginia", "us-east-1", "", "bei jing", "intl"})
    void parse_unknown_rejectedListingRegions(String text) {
        assertThatThrownBy(() -> Region.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"").hasMessageContaining("beijing, singapore");
    }

    @Test
    void ids_asDocumented() {
        assertThat(Region.BEIJING.id()).isEqualTo("beijing");
        assertThat(Region.BEIJING.cloudRegion()).isEqualTo("cn-beijing");
        assertThat(Region.SINGAPORE.id()).isEqualTo("singapore");
        assertThat(Region.SINGAPORE.cloudRegion()).isEqualTo("ap-southeast-1");
    }
}
