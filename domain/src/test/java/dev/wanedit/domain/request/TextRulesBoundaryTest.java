package dev.wanedit.domain.request;

import static dev.wanedit.domain.request.RuleAssertions.assertAccepted;
import static dev.wanedit.domain.request.RuleAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wanedit.domain.testdata.EditRequests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Prompt and negative prompt lengths, counted in Unicode code points. wan2.5 truncates long text
 * silently (a warning, an error in strict mode); wanx2.1 and wan2.7 reject it.
 */
class TextRulesBoundaryTest {

    /** U+1F600, two UTF-16 chars, one code point. */
    private static final String NON_BMP = new String(Character.toChars(0x1F600));

    private static String text(int codePoints, boolean nonBmp) {
        return (nonBmp ? NON_BMP : "a").repeat(codePoints);
    }

    @ParameterizedTest(name = "{0} prompt of {1} code points (non-BMP={2}) is accepted")
    @CsvSource({
        "wan2.5-i2i-preview, 2000, false",
        "wan2.5-i2i-preview, 2000, true",
        "wanx2.1-imageedit,  800,  false",
        "wanx2.1-imageedit,  800,  true",
        "wan2.7-image,       5000, false",
        "wan2.7-image,       5000, true",
        "wan2.7-image-pro,   5000, false",
        "wan2.7-image-pro,   5000, true",
    })
    void build_promptAtLimit_acceptedCountingCodePoints(String model, int len, boolean nonBmp) {
        EditRequestDraft d = EditRequests.forModel(model).prompt(text(len, nonBmp)).strict(true);
        EditRequest r = assertAccepted(d);
        assertThat(r.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0} prompt of {1} code points (non-BMP={2}) is an error")
    @CsvSource({
        "wanx2.1-imageedit, 801,  false",
        "wanx2.1-imageedit, 801,  true",
        "wan2.7-image,      5001, false",
        "wan2.7-image,      5001, true",
        "wan2.7-image-pro,  5001, false",
        "wan2.7-image-pro,  5001, true",
    })
    void build_promptOverLimit_rejectedNamingLengthAndLimit(String model, int len, boolean nonBmp) {
        assertRejected(EditRequests.forModel(model).prompt(text(len, nonBmp)), "prompt",
                "is " + len + " characters", "over the " + (len - 1) + "-character limit of " + model);
    }

    @ParameterizedTest(name = "wan2.5 prompt of 2001 code points (non-BMP={0}) is a warning by default")
    @ValueSource(booleans = {false, true})
    void build_wan25PromptOverLimit_warningByDefault(boolean nonBmp) {
        EditRequestDraft d = EditRequests.wan25().prompt(text(2001, nonBmp));
        EditRequest r = d.build();
        assertThat(r.warnings()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("prompt");
            assertThat(v.severity()).isEqualTo(Violation.Severity.WARNING);
            assertThat(v.message()).contains("is 2001 characters", "2000-character limit of wan2.5-i2i-preview", "truncates");
        });
        assertThat(d.check()).containsExactlyElementsOf(r.warnings());
    }

    @ParameterizedTest(name = "wan2.5 prompt of 2001 code points (non-BMP={0}) is an error in strict mode")
    @ValueSource(booleans = {false, true})
    void build_wan25PromptOverLimitStrict_rejected(boolean nonBmp) {
        assertRejected(EditRequests.wan25().prompt(text(2001, nonBmp)).strict(true), "prompt",
                "is 2001 characters", "2000-character limit of wan2.5-i2i-preview");
    }

    @Test
    void build_wan25NegativePromptAtLimit_acceptedEvenStrict() {
        EditRequest r = assertAccepted(EditRequests.wan25().negativePrompt(text(500, true)).strict(true));
        assertThat(r.negativePrompt()).hasValue(text(500, true));
    }

    @Test
    void build_wan25NegativePromptOverLimit_warningByDefault() {
        EditRequest r = EditRequests.wan25().negativePrompt(text(501, false)).build();
        assertThat(r.warnings()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("negative_prompt");
            assertThat(v.isError()).isFalse();
            assertThat(v.message()).contains("is 501 characters", "500-character limit of wan2.5-i2i-preview");
        });
    }

    @Test
    void build_wan25NegativePromptOverLimitStrict_rejected() {
        assertRejected(EditRequests.wan25().negativePrompt(text(501, true)).strict(true), "negative_prompt",
                "is 501 characters", "500-character limit of wan2.5-i2i-preview");
    }

    @Test
    void build_wan25BothTextsOverLimitStrict_bothReportedAsErrors() {
        InvalidEditRequest e = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> EditRequests.wan25().prompt(text(2001, false)).negativePrompt(text(501, false)).strict(true).build(),
                InvalidEditRequest.class);
        assertThat(e.violations()).extracting(Violation::field).containsExactly("prompt", "negative_prompt");
        assertThat(e.violations()).allMatch(Violation::isError);
        assertThat(e.getMessage()).startsWith("2 problems");
    }

    @ParameterizedTest(name = "{0} without a prompt is rejected")
    @CsvSource({"wan2.5-i2i-preview", "wanx2.1-imageedit", "wan2.7-image", "wan2.7-image-pro"})
    void build_blankPrompt_rejected(String model) {
        for (String blank : new String[] {null, "", "   "}) {
            assertRejected(EditRequests.forModel(model).prompt(blank), "prompt", "is required for " + model);
        }
    }

    @Test
    void check_wan25LongPrompt_listsWarningWithoutThrowing() {
        List<Violation> vs = EditRequests.wan25().prompt(text(2001, false)).check();
        assertThat(vs).singleElement().extracting(Violation::severity).isEqualTo(Violation.Severity.WARNING);
    }

    @Test
    void check_wan25LongPromptInStrictMode_listsItAsAnError() {
        List<Violation> vs = EditRequests.wan25().prompt(text(2001, false)).strict(true).check();
        assertThat(vs).singleElement().extracting(Violation::severity).isEqualTo(Violation.Severity.ERROR);
    }
}
