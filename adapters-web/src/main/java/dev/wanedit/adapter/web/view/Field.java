package dev.wanedit.adapter.web.view;

/** A label and its value in a job's detail table. */
public record Field(String name, String value) {
}
