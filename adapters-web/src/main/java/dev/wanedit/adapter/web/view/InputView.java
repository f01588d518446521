package dev.wanedit.adapter.web.view;

import java.util.List;
import java.util.Optional;

/**
 * An input image of a job with what applies to it: its role ({@code image 1}, {@code base}), its
 * boxes (wan2.7), and the mask drawn over it (wanx2.1 {@code description_edit_with_mask}).
 */
public record InputView(String role, Picture picture, List<BoxView> boxes, Optional<Picture> mask) {

    public InputView {
        boxes = List.copyOf(boxes);
        mask = mask == null ? Optional.empty() : mask;
    }

    public boolean hasMask() {
        return mask.isPresent() && mask.get().shown();
    }

    /** The boxes as the request sends them, or "none". */
    public String boxesText() {
        return boxes.isEmpty() ? "none" : String.join(" ", boxes.stream().map(BoxView::label).toList());
    }
}
