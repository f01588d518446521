package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BoundingBoxTest {

    @ParameterizedTest(name = "\"{0}\" parses")
    @ValueSource(strings = {"989,515,1138,681", "[989, 515, 1138, 681]", " 989 ,515, 1138 ,681 "})
    void parse_fourWholeNumbers_box(String text) {
        assertThat(BoundingBox.parse(text)).isEqualTo(new BoundingBox(989, 515, 1138, 681));
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"1,2,3", "1,2,3,4,5", "a,b,c,d", "1.5,2,3,4", "", "1;2;3;4"})
    void parse_notFourWholeNumbers_rejectedNamingText(String text) {
        assertThatThrownBy(() -> BoundingBox.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"").hasMessageContaining("x1,y1,x2,y2");
    }

    @ParameterizedTest(name = "[{0},{1},{2},{3}] is rejected: {4}")
    @CsvSource({
        "-1, 0,  10, 10, negative corner",
        "0,  -1, 10, 10, negative corner",
        "10, 0,  10, 10, x1 < x2 and y1 < y2",
        "11, 0,  10, 10, x1 < x2 and y1 < y2",
        "0,  10, 10, 10, x1 < x2 and y1 < y2",
        "0,  11, 10, 10, x1 < x2 and y1 < y2",
    })
    void constructor_invalidCorners_rejectedNamingBox(int x1, int y1, int x2, int y2, String rule) {
        assertThatThrownBy(() -> new BoundingBox(x1, y1, x2, y2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[" + x1 + "," + y1 + "," + x2 + "," + y2 + "]").hasMessageContaining(rule);
    }

    @ParameterizedTest(name = "box to ({0},{1}) in 1024x768 fits={2}")
    @CsvSource({"1024, 768, true", "1025, 768, false", "1024, 769, false", "1, 1, true"})
    void fitsIn_edges_inclusiveOfImageSize(int x2, int y2, boolean fits) {
        assertThat(new BoundingBox(0, 0, x2, y2).fitsIn(new Dimensions(1024, 768))).isEqualTo(fits);
    }

    @ParameterizedTest(name = "toString {0}")
    @ValueSource(strings = {"[0,0,1,1]", "[989,515,1138,681]"})
    void toString_wireForm_roundTrips(String text) {
        assertThat(BoundingBox.parse(text)).hasToString(text);
    }

    @org.junit.jupiter.api.Test
    void parseList_oneImagesBoxes_emptyIsNone_aBadBoxNamesItself() {
        assertThat(BoundingBox.parseList("10,10,200,200;300,40,420,160"))
                .containsExactly(new BoundingBox(10, 10, 200, 200), new BoundingBox(300, 40, 420, 160));
        assertThat(BoundingBox.parseList("")).isEmpty();
        assertThat(BoundingBox.parseList("10,10,200,200;")).hasSize(1);
        assertThatThrownBy(() -> BoundingBox.parseList("10,10,200,200;1,2,3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1,2,3");
    }
}
