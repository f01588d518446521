package dev.wanedit.adapter.dashscope.dto;

import java.util.List;

/** wan2.7 {@code input}: exactly one user message (seed 004; protocol §2.2). */
public record MessagesInput(List<Message> messages) {

    /** One chat message: a role and its content items. */
    public record Message(String role, java.util.List<ContentItem> content) {
    }

    /** A content item: either {@code {"text": ...}} or {@code {"image": ...}}. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ContentItem(String text, String image) {
        public static ContentItem text(String text) {
            return new ContentItem(text, null);
        }

        public static ContentItem image(String image) {
            return new ContentItem(null, image);
        }
    }
}
