package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.catalog.EditFunction;
import dev.wanedit.domain.testdata.EditRequests;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** wanx2.1-imageedit function parameters: ranges, types, and parameters of other functions. */
class FunctionParamsTest {

    @ParameterizedTest(name = "{0} {1}={2} is accepted as {3}")
    @CsvSource({
        "STYLIZATION_ALL,  strength,       0.0,   0.0",
        "STYLIZATION_ALL,  strength,       1.0,   1.0",
        "DESCRIPTION_EDIT, strength,       0,     0.0",
        "DESCRIPTION_EDIT, strength,       1,     1.0",
        "EXPAND,           top_scale,      1.0,   1.0",
        "EXPAND,           top_scale,      2.0,   2.0",
        "EXPAND,           bottom_scale,   1.0,   1.0",
        "EXPAND,           bottom_scale,   2.0,   2.0",
        "EXPAND,           left_scale,     1.0,   1.0",
        "EXPAND,           left_scale,     2.0,   2.0",
        "EXPAND,           right_scale,    1.0,   1.0",
        "EXPAND,           right_scale,    2.0,   2.0",
        "SUPER_RESOLUTION, upscale_factor, 1,     1",
        "SUPER_RESOLUTION, upscale_factor, 4,     4",
        "SUPER_RESOLUTION, upscale_factor, 2.0,   2",
        "DOODLE,           is_sketch,      true,  true",
        "DOODLE,           is_sketch,      FALSE, false",
    })
    void build_paramAtBound_acceptedAndTyped(EditFunction f, String param, String value, String typed) {
        EditRequest r = assertAccepted(EditRequests.wanx21(f).param(param, value));
        Object v = r.functionParams().get(param);
        switch (f.params().get(param).type()) {
            case DECIMAL -> assertThat(v).isInstanceOf(Double.class).isEqualTo(Double.valueOf(typed));
            case INTEGER -> assertThat(v).isInstanceOf(Integer.class).isEqualTo(Integer.valueOf(typed));
            case BOOLEAN -> assertThat(v).isInstanceOf(Boolean.class).isEqualTo(Boolean.valueOf(typed));
        }
    }

    @ParameterizedTest(name = "{0} {1}={2} is rejected: {3}")
    @CsvSource(delimiter = '|', value = {
        "STYLIZATION_ALL  | strength       | -0.01 | must be between 0.0 and 1.0 for stylization_all",
        "STYLIZATION_ALL  | strength       | 1.01  | must be between 0.0 and 1.0 for stylization_all",
        "DESCRIPTION_EDIT | strength       | -0.01 | must be between 0.0 and 1.0 for description_edit",
        "DESCRIPTION_EDIT | strength       | 1.01  | must be between 0.0 and 1.0 for description_edit",
        "EXPAND           | top_scale      | 0.99  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | top_scale      | 2.01  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | bottom_scale   | 0.99  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | bottom_scale   | 2.01  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | left_scale     | 0.99  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | left_scale     | 2.01  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | right_scale    | 0.99  | must be between 1.0 and 2.0 for expand",
        "EXPAND           | right_scale    | 2.01  | must be between 1.0 and 2.0 for expand",
        "SUPER_RESOLUTION | upscale_factor | 0     | must be between 1 and 4 for super_resolution",
        "SUPER_RESOLUTION | upscale_factor | 5     | must be between 1 and 4 for super_resolution",
        "SUPER_RESOLUTION | upscale_factor | 2.5   | must be an integer from 1 to 4 for super_resolution",
        "SUPER_RESOLUTION | upscale_factor | two   | must be an integer from 1 to 4 for super_resolution",
        "STYLIZATION_ALL  | strength       | high  | must be a number from 0.0 to 1.0 for stylization_all",
        "DOODLE           | is_sketch      | yes   | must be true or false for doodle",
        "DOODLE           | is_sketch      | 1     | must be true or false for doodle",
    })
    void build_paramOutsideRangeOrType_rejectedNamingValueAndRule(EditFunction f, String param, String value, String rule) {
        assertRejected(EditRequests.wanx21(f).param(param, value), "params." + param, "\"" + value + "\"", rule);
    }

    @Test
    void build_paramGivenAsJsonValue_acceptedAndTyped() {
        EditRequest r = assertAccepted(EditRequests.wanx21(EditFunction.DOODLE).param("is_sketch", Boolean.TRUE));
        assertThat(r.functionParams()).containsEntry("is_sketch", true);
        EditRequest s = assertAccepted(EditRequests.wanx21(EditFunction.SUPER_RESOLUTION).param("upscale_factor", 3));
        assertThat(s.functionParams()).containsEntry("upscale_factor", 3);
    }

    /** Every (function, parameter of another function) pair, plus an unknown parameter. */
    static Stream<Arguments> foreignParams() {
        Set<String> all = new LinkedHashSet<>();
        Arrays.stream(EditFunction.values()).forEach(f -> all.addAll(f.params().keySet()));
        all.add("guidance");
        return Arrays.stream(EditFunction.values()).flatMap(f -> all.stream()
                .filter(p -> !f.params().containsKey(p)).map(p -> Arguments.of(f, p)));
    }

    @ParameterizedTest(name = "{0} rejects {1}")
    @MethodSource("foreignParams")
    void build_paramOfAnotherFunction_rejected(EditFunction f, String param) {
        String takes = f.params().isEmpty() ? f.wireName() + " takes no parameters"
                : f.wireName() + " takes only " + String.join(", ", f.params().keySet());
        assertRejected(EditRequests.wanx21(f).param(param, "1"), "params." + param, "\"1\"", takes);
    }

    @ParameterizedTest(name = "{0} builds without parameters")
    @EnumSource(EditFunction.class)
    void build_everyFunctionWithoutParams_acceptedWithWireName(EditFunction f) {
        EditRequest r = assertAccepted(EditRequests.wanx21(f));
        assertThat(r.function()).hasValue(f);
        assertThat(r.functionParams()).isEmpty();
    }

    @Test
    void params_documentedDefaults() {
        assertThat(EditFunction.STYLIZATION_ALL.params().get("strength").defaultValue()).isEqualTo(0.5);
        assertThat(EditFunction.EXPAND.params().keySet())
                .containsExactly("top_scale", "bottom_scale", "left_scale", "right_scale");
        EditFunction.EXPAND.params().values().forEach(p -> assertThat(p.defaultValue()).isEqualTo(1.0));
        assertThat(EditFunction.SUPER_RESOLUTION.params().get("upscale_factor").defaultValue()).isEqualTo(1);
        assertThat(EditFunction.DOODLE.params().get("is_sketch").defaultValue()).isEqualTo(false);
        assertThat(Arrays.stream(EditFunction.values()).filter(EditFunction::requiresMask))
                .containsExactly(EditFunction.DESCRIPTION_EDIT_WITH_MASK);
    }
}
