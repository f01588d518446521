package dev.wanedit.adapter.web;

import dev.wanedit.adapter.web.view.ReportView;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.TemplateOutput;
import gg.jte.output.StringOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders the pages with jte. The templates ({@code src/main/jte}) were compiled to Java classes
 * at build time; every {@code ${...}} is escaped for its HTML context (text, attribute, URL)
 * unless a template says {@code $unsafe}, which only the page's own stylesheet and script use.
 */
final class Pages {

    /** Where the generated template classes live (the jte-maven-plugin's packageName). */
    static final String TEMPLATE_PACKAGE = "dev.wanedit.adapter.web.template";

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(),
            TEMPLATE_PACKAGE);

    /** The jobs page: a report file ({@code base} empty: styles and script inline) or a studio page. */
    void report(ReportView page, String base, TemplateOutput out) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("page", page);
        p.put("css", base.isEmpty() ? resource("wanedit.css") : "");
        p.put("script", base.isEmpty() ? resource("report.js") : "");
        p.put("base", base);
        engine.render("report.jte", p, out);
    }

    String report(ReportView page, String base) {
        StringOutput out = new StringOutput();
        report(page, base, out);
        return out.toString();
    }

    /** The studio's edit form. */
    String edit(String base, String title) {
        StringOutput out = new StringOutput();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("base", base);
        p.put("title", title);
        engine.render("edit.jte", p, out);
        return out.toString();
    }

    /** A static asset of the pages ({@code wanedit.css}, {@code report.js}, {@code studio.js}). */
    static String resource(String name) {
        try (InputStream in = Pages.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the page asset " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
