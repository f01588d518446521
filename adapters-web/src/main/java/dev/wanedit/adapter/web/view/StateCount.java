package dev.wanedit.adapter.web.view;

/** How many jobs of a page are in one state; {@code cssClass} colours its badge. */
public record StateCount(String state, long count, String cssClass) {
}
