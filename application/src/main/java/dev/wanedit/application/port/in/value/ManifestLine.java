package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.request.EditRequestDraft;
import java.util.Optional;

/**
 * One line of a batch manifest as the reader understood it: its number (1-based, counting the
 * header of a CSV file), its optional {@code id}, and either the edit it asks for or why it could
 * not be read.
 */
public record ManifestLine(long lineNumber, Optional<String> id, Optional<EditRequestDraft> edit, Optional<String> parseError) {

    public ManifestLine {
        id = id == null ? Optional.empty() : id.filter(s -> !s.isBlank());
        edit = edit == null ? Optional.empty() : edit;
        parseError = parseError == null ? Optional.empty() : parseError;
        if (edit.isEmpty() == parseError.isEmpty()) {
            throw new IllegalArgumentException("a manifest line has either an edit or a parse error");
        }
    }

    public static ManifestLine of(long number, String id, EditRequestDraft edit) {
        return new ManifestLine(number, Optional.ofNullable(id), Optional.of(edit), Optional.empty());
    }

    public static ManifestLine unreadable(long number, String error) {
        return new ManifestLine(number, Optional.empty(), Optional.empty(), Optional.of(error));
    }

    /** The key that identifies the line across runs: its id, else its line number. */
    public String key() {
        return id.orElse("line-" + lineNumber);
    }
}
