package dev.wanedit.adapter.dashscope.dto;

/** A request-level error body {@code {"request_id","code","message"}} (protocol §4.1). */
public record ErrorBody(String requestId, String code, String message) {
}
