package dev.wanedit.emulator;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a result image: a real PNG of the output size that visibly shows the edit. The inputs are
 * composed (the last one fills the canvas, as its aspect ratio rules the output; the others are
 * inset), tinted by the image's seed, and the prompt is written on it. wanx2.1 functions add their
 * own touch: expand places the base inside the larger canvas, a mask is highlighted.
 */
final class ResultRenderer {
    private ResultRenderer() {}

    static byte[] renderPng(Task task, int index) {
        TaskSpec s = task.spec();
        long seed = s.seed() + index;
        BufferedImage img = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            int w = s.width();
            int h = s.height();
            Color tint = Color.getHSBColor(((seed * 137) % 360) / 360f, 0.65f, 0.95f); // neighbouring seeds far apart
            g.setPaint(new GradientPaint(0, 0, tint.darker().darker(), w, h, tint.brighter()));
            g.fillRect(0, 0, w, h);
            List<InputImage> inputs = s.inputs();
            if (!inputs.isEmpty()) {
                int[] inner = {0, 0, w, h};
                if (s.expand() != null) {
                    double[] e = s.expand(); // top, bottom, left, right
                    double bw = w / ((e[2] + e[3]) / 2.0);
                    double bh = h / ((e[0] + e[1]) / 2.0);
                    int x = (int) Math.round(bw / 2.0 * (e[2] - 1));
                    int y = (int) Math.round(bh / 2.0 * (e[0] - 1));
                    inner = new int[] {x, y, (int) Math.round(bw), (int) Math.round(bh)};
                    drawInput(g, inputs.get(inputs.size() - 1), 0, 0, w, h, 0.35f);
                }
                drawInput(g, inputs.get(inputs.size() - 1), inner[0], inner[1], inner[2], inner[3], 1f);
                if (s.mask() != null) {
                    drawMask(g, s.mask(), tint, w, h);
                }
                int inset = Math.max(8, Math.min(w, h) / 4);
                for (int i = 0; i < inputs.size() - 1; i++) {
                    int x = 12 + i * (inset + 12);
                    if (x + inset > w) {
                        break;
                    }
                    drawInput(g, inputs.get(i), x, 12, inset, inset, 1f);
                    g.setColor(Color.WHITE);
                    g.setStroke(new BasicStroke(3f));
                    g.drawRect(x, 12, inset, inset);
                }
            }
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.28f));
            g.setColor(tint);
            g.fillRect(0, 0, w, h);
            g.setComposite(AlphaComposite.SrcOver);
            drawText(g, task, index, seed, w, h);
        } finally {
            g.dispose();
        }
        return PngEncoder.encodeRgb(img);
    }

    private static void drawInput(Graphics2D g, InputImage in, int x, int y, int w, int h, float alpha) {
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha));
        if (in.preview() != null) {
            g.drawImage(in.preview(), x, y, w, h, null);
        } else {
            g.setColor(new Color(90, 90, 90));
            g.fillRect(x, y, w, h);
            g.setColor(new Color(150, 150, 150));
            for (int d = -h; d < w; d += Math.max(8, Math.min(w, h) / 10)) {
                g.drawLine(x + d, y + h, x + d + h, y);
            }
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Where the mask is white (the area to edit), the tint shows strongly. */
    private static void drawMask(Graphics2D g, InputImage mask, Color tint, int w, int h) {
        BufferedImage src = mask.preview();
        if (src == null) {
            return;
        }
        BufferedImage overlay = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_ARGB);
        int rgb = tint.getRGB() & 0xffffff;
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int lum = ((p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff)) / 3;
                overlay.setRGB(x, y, lum > 127 ? (0xA0 << 24) | rgb : 0);
            }
        }
        g.drawImage(overlay, 0, 0, w, h, null);
    }

    private static void drawText(Graphics2D g, Task task, int index, long seed, int w, int h) {
        TaskSpec s = task.spec();
        try {
            int size = Math.max(12, Math.min(w, h) / 24);
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
            g.setFont(font);
            FontMetrics fm = g.getFontMetrics();
            String text = s.actualPrompt() != null ? s.actualPrompt() : s.prompt();
            List<String> lines = wrap(text, fm, w - 2 * size);
            if (lines.size() > 6) {
                lines = new ArrayList<>(lines.subList(0, 6));
                lines.set(5, lines.get(5) + "…");
            }
            String caption = s.model().id + (s.function() == null ? "" : " · " + s.function()) + " · seed " + seed
                    + " · #" + (index + 1) + "/" + s.count() + " · " + s.size();
            int lineH = fm.getHeight();
            int bandH = lineH * (lines.size() + 1) + size;
            int top = h - bandH;
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.6f));
            g.setColor(Color.BLACK);
            g.fillRect(0, Math.max(0, top), w, bandH);
            g.setComposite(AlphaComposite.SrcOver);
            g.setColor(Color.WHITE);
            int y = Math.max(0, top) + size / 2 + fm.getAscent();
            for (String line : lines) {
                g.drawString(line, size, y);
                y += lineH;
            }
            g.setColor(new Color(255, 230, 120));
            g.drawString(caption, size, y);
            if (s.watermark()) {
                String mark = font.canDisplayUpTo("AI生成") < 0 ? "AI生成" : "AI-generated";
                g.setColor(Color.WHITE);
                g.drawString(mark, w - fm.stringWidth(mark) - size / 2, Math.max(fm.getAscent(), top - size / 2));
            }
        } catch (RuntimeException | LinkageError | InternalError e) {
            // No usable font on this machine: the image still shows the composition and the tint.
        }
    }

    /** Wraps at spaces; a word (or CJK text without spaces) wider than a line is cut by characters. */
    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.split(" ")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (fm.stringWidth(candidate) <= width) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                int i = 0;
                while (i < word.length()) {
                    int cp = word.codePointAt(i);
                    String ch = new String(Character.toChars(cp));
                    if (line.length() > 0 && fm.stringWidth(line + ch) > width) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.append(ch);
                    i += Character.charCount(cp);
                }
            }
            if (line.length() > 0) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

}
