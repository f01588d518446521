package dev.wanedit.adapter.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table with left-aligned columns sized to their widest cell, two spaces apart. */
public final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    private final boolean header;

    public Table(String... headings) {
        this.columns = headings.length;
        this.header = true;
        rows.add(headings);
    }

    private Table(int columns) {
        this.columns = columns;
        this.header = false;
        rows.add(new String[columns]);
        java.util.Arrays.fill(rows.get(0), "");
    }

    /** A table of label and value rows, without a heading line. */
    public static Table withoutHeadings(int columns) {
        return new Table(columns);
    }

    public Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size() - 1;
    }

    public void print(PrintWriter out, String indent) {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].codePointCount(0, r[i].length()));
            }
        }
        for (String[] r : header ? rows : rows.subList(1, rows.size())) {
            StringBuilder b = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) {
                    b.append(" ".repeat(width[i] - r[i].codePointCount(0, r[i].length()) + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
