package dev.wanedit.domain.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.domain.catalog.ModelCatalog;
import dev.wanedit.domain.testdata.EditRequests;
import dev.wanedit.domain.testdata.Facts;
import dev.wanedit.domain.testdata.Images;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The draft as the one description of an edit: adapters give images as unresolved references,
 * the draft has them read (by whoever can do I/O) under the fields its rules report them by, and
 * it splits errors from warnings once for everyone.
 */
class DraftReferencesTest {

    /** What a resolver was asked: field, reference, whether a mask. */
    private record Asked(String field, String reference, boolean mask) {
    }

    /** Reads every reference as a 1024x768 JPEG (a PNG for the mask), recording what it was asked. */
    private static ImageResolver recording(List<Asked> asked) {
        return (field, reference, mask, problems) -> {
            asked.add(new Asked(field, reference, mask));
            return Optional.of(Images.local(reference, mask ? Facts.png(1024, 768) : Facts.jpeg(1024, 768)));
        };
    }

    @Test
    @DisplayName("references are read in order under images[i], the mask as mask, and the draft then builds")
    void resolveImages_readsEveryReferenceUnderItsField() {
        List<Asked> asked = new ArrayList<>();
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt(EditRequests.PROMPT)
                .image("person.jpg").image("https://example.com/dress.jpg");

        EditRequest r = d.resolveImages(recording(asked)).build();

        assertThat(asked).containsExactly(new Asked("images[0]", "person.jpg", false),
                new Asked("images[1]", "https://example.com/dress.jpg", false));
        assertThat(r.images()).extracting(ImageInput::label).satisfiesExactly(l -> assertThat(l).endsWith("person.jpg"),
                l -> assertThat(l).endsWith("dress.jpg"));
        assertThat(d.imageReferences()).as("resolved references are gone").isEmpty();
    }

    @Test
    @DisplayName("the one image of a function-family model is base_image; its mask is read as a mask")
    void resolveImages_functionFamilyNamesTheBaseImage() {
        List<Asked> asked = new ArrayList<>();
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WANX21_IMAGEEDIT).prompt("A red sofa")
                .function("description_edit_with_mask").image("room.jpg").mask("mask.png");

        d.resolveImages(recording(asked));

        assertThat(asked).containsExactly(new Asked("base_image", "room.jpg", false), new Asked("mask", "mask.png", true));
        assertThat(d.maskReference()).isEmpty();
    }

    @Test
    @DisplayName("an unreadable reference keeps its place: the next image is still images[1], and every violation is reported at once")
    void resolveImages_unreadableKeepsItsPlace() {
        List<Asked> asked = new ArrayList<>();
        ImageResolver firstIsMissing = (field, reference, mask, problems) -> {
            if (reference.equals("missing.jpg")) {
                asked.add(new Asked(field, reference, mask));
                problems.accept(Violation.error(field, "\"missing.jpg\"", "no such file"));
                return Optional.empty();
            }
            return recording(asked).resolve(field, reference, mask, problems);
        };
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("").image("missing.jpg").image("b.jpg");

        d.resolveImages(firstIsMissing);

        assertThat(asked).extracting(Asked::field).containsExactly("images[0]", "images[1]");
        assertThatThrownBy(d::build).isInstanceOfSatisfying(InvalidEditRequest.class, e ->
                assertThat(e.violations()).extracting(Violation::message)
                        .contains("images[0] \"missing.jpg\": no such file")
                        .anyMatch(m -> m.startsWith("prompt")));
    }

    @Test
    @DisplayName("a draft whose references were not read is not checked: that is a programming error, not the user's")
    void unresolvedReferences_areNotChecked() {
        EditRequestDraft d = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt(EditRequests.PROMPT).image("shelf.jpg");

        assertThatThrownBy(d::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("resolve them first");
        assertThatThrownBy(d::check).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EditRequest.draft(ModelCatalog.WAN25_I2I).mask("m.png").findings())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a copy is resolved without touching the original, which can be resolved again to the same request")
    void copy_leavesTheOriginalAsStated() {
        EditRequestDraft stated = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt(EditRequests.PROMPT).image("shelf.jpg")
                .n(2);

        EditRequest first = stated.copy().resolveImages(recording(new ArrayList<>())).violation(Violation.warning("x", "", "y"))
                .build();
        EditRequest second = stated.copy().resolveImages(recording(new ArrayList<>())).build();

        assertThat(stated.imageReferences()).containsExactly("shelf.jpg");
        assertThatThrownBy(stated::build).as("the original still holds references").isInstanceOf(IllegalStateException.class);
        assertThat(first.fingerprint()).isEqualTo(second.fingerprint());
        assertThat(second.warnings()).as("the first copy's added violation stayed on it").isEmpty();
    }

    @Test
    @DisplayName("findings: errors and warnings as build() splits them; strict mode makes every warning an error")
    void findings_splitOnce() {
        String longPrompt = "a".repeat(2001);

        EditRequestDraft.Findings lenient = EditRequests.wan25().prompt(longPrompt).findings();
        EditRequestDraft.Findings strict = EditRequests.wan25().prompt(longPrompt).strict(true).findings();

        assertThat(lenient.errors()).isEmpty();
        assertThat(lenient.warnings()).singleElement().extracting(Violation::field).isEqualTo("prompt");
        assertThat(strict.warnings()).isEmpty();
        assertThat(strict.errors()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("prompt");
            assertThat(v.isError()).isTrue();
        });
    }

    @Test
    @DisplayName("toString states the edit field by field, so equal edits give equal text")
    void toString_isTheEditAsStated() {
        EditRequestDraft a = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").image("a.jpg").seed(7L);
        EditRequestDraft b = EditRequest.draft(ModelCatalog.WAN25_I2I).prompt("p").image("a.jpg").seed(7L);

        assertThat(a.toString()).isEqualTo(b.toString()).contains("imageReferences=[a.jpg]", "seed=7", "prompt=p");
        assertThat(a.toString()).isNotEqualTo(b.seed(8L).toString());
    }
}
