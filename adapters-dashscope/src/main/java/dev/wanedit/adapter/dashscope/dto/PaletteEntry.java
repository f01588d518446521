package dev.wanedit.adapter.dashscope.dto;

/** One wan2.7 {@code color_palette} entry; {@code ratio} is a percent string such as {@code "60.00%"} (W27). */
public record PaletteEntry(String hex, String ratio) {
}
