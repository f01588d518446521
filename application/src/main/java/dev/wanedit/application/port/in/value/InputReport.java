package dev.wanedit.application.port.in.value;

import dev.wanedit.domain.request.ImageFacts;
import dev.wanedit.domain.request.ImageInput;
import java.util.Optional;

/** One input as a dry run saw it: what was given, its kind, and its facts when they could be read locally. */
public record InputReport(String field, String given, ImageInput.Kind kind, Optional<ImageFacts> facts) {
}
