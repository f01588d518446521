package dev.wanedit.adapter.web.view;

/**
 * One image as a page shows it.
 *
 * @param label a short name: the file name, the URL or the {@code oss://} key
 * @param src what the page loads ({@code <img src>}): a path relative to the report, a
 *     {@code data:} thumbnail, a studio URL or a signed OSS link; empty when the image is not shown
 * @param href where a click leads (a remote input's URL, which the page itself never loads); may be empty
 * @param width the image's width in pixels, 0 when unknown
 * @param height the image's height in pixels, 0 when unknown
 * @param storedAt where the file is, as the page may say it (never an absolute local path in a
 *     report made with {@code --embed})
 * @param note why it is not shown, or that its link expires; may be empty
 * @param expiring true for a signed link that stops working at some time
 */
public record Picture(String label, String src, String href, int width, int height, String storedAt, String note,
                      boolean expiring) {

    public Picture {
        label = label == null ? "" : label;
        src = src == null ? "" : src;
        href = href == null ? "" : href;
        storedAt = storedAt == null ? "" : storedAt;
        note = note == null ? "" : note;
    }

    /** True when the page has something to load for it. */
    public boolean shown() {
        return !src.isEmpty();
    }

    /** "W×H px", or empty when unknown. */
    public String dimensions() {
        return width > 0 && height > 0 ? width + "×" + height + " px" : "";
    }
}
