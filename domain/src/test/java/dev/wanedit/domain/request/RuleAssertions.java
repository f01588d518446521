package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

/** Assertions on {@link EditRequestDraft} checks shared by the rule tests. */
final class RuleAssertions {

    private RuleAssertions() {
    }

    /** The draft builds and reports no violation at all (no error, no warning). */
    static EditRequest assertAccepted(EditRequestDraft draft) {
        assertThat(draft.check()).as("violations of a draft that should be valid").isEmpty();
        assertThatCode(draft::build).doesNotThrowAnyException();
        return draft.build();
    }

    /**
     * The draft is rejected with exactly one violation, on {@code field}, whose message contains
     * every fragment (the offending value and the rule).
     */
    static Violation assertRejected(EditRequestDraft draft, String field, String... fragments) {
        InvalidEditRequest e = catchThrowableOfType(draft::build, InvalidEditRequest.class);
        assertThat(e).as("build() should throw InvalidEditRequest").isNotNull();
        List<Violation> vs = e.violations();
        assertThat(vs).as("violations").hasSize(1);
        Violation v = vs.get(0);
        assertThat(v.field()).isEqualTo(field);
        assertThat(v.isError()).isTrue();
        assertThat(v.message()).contains(fragments);
        assertThat(e.getMessage()).contains(v.message());
        return v;
    }
}
