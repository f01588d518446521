package dev.wanedit.adapter.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wanedit.application.port.in.value.ManifestLine;
import dev.wanedit.domain.catalog.Region;
import dev.wanedit.domain.request.BoundingBox;
import dev.wanedit.domain.request.EditRequestDraft;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<ManifestLine> read(Path p) {
        try (Stream<ManifestLine> s = ManifestReader.open(p, Region.BEIJING).lines()) {
            return s.toList();
        }
    }

    private static EditRequestDraft edit(ManifestLine l) {
        assertThat(l.parseError()).as("line %d: %s", l.lineNumber(), l.parseError()).isEmpty();
        return l.edit().orElseThrow();
    }

    @Test
    @DisplayName("JSON Lines: every field becomes the edit command; blank lines keep the numbering; n defaults to 1")
    void jsonLines_everyField() throws IOException {
        Path m = write("in/m.jsonl", """
                {"id":"sku-1","model":"wan2.5-i2i-preview","images":["shelf.png","https://example.com/a.png","oss://b/k.png"],"prompt":"Put it on the shelf","negative_prompt":"blur","n":2,"size":"1280*720","seed":42,"watermark":true,"prompt_extend":false}

                {"model":"wanx2.1-imageedit","function":"super_resolution","params":{"upscale_factor":2,"strength":0.5,"flag":true},"images":["../small.jpg"],"mask":"masks/m.png","prompt":"Sharpen"}
                {"id":7,"model":"wan2.7-image","images":["a.jpg","b.jpg"],"bbox":[[[10,10,200,200],[300,40,420,160]],[]],"sequential":true,"prompt":"Swap"}
                """);

        List<ManifestLine> lines = read(m);

        assertThat(lines).extracting(ManifestLine::lineNumber).containsExactly(1L, 3L, 4L);
        assertThat(lines).extracting(ManifestLine::key).containsExactly("sku-1", "line-3", "7");
        EditRequestDraft a = edit(lines.get(0));
        assertThat(a.modelId()).isEqualTo("wan2.5-i2i-preview");
        assertThat(a.region()).isEqualTo(Region.BEIJING);
        assertThat(a.imageReferences()).containsExactly(dir.resolve("in/shelf.png").toString(), "https://example.com/a.png", "oss://b/k.png");
        assertThat(a.prompt()).isEqualTo("Put it on the shelf");
        assertThat(a.negativePrompt()).isEqualTo("blur");
        assertThat(a.n()).isEqualTo(2);
        assertThat(a.size()).isEqualTo("1280*720");
        assertThat(a.seed()).isEqualTo(42L);
        assertThat(a.watermark()).isTrue();
        assertThat(a.promptExtend()).isFalse();
        assertThat(a.sequential()).isNull();
        EditRequestDraft b = edit(lines.get(1));
        assertThat(b.n()).isEqualTo(1);
        assertThat(b.function()).isEqualTo("super_resolution");
        assertThat(b.params()).isEqualTo(Map.of("upscale_factor", "2", "strength", "0.5", "flag", "true"));
        assertThat(b.imageReferences()).containsExactly(dir.resolve("small.jpg").toString());
        assertThat(b.maskReference()).contains(dir.resolve("in/masks/m.png").toString());
        EditRequestDraft c = edit(lines.get(2));
        assertThat(c.boxes()).containsExactly(List.of(new BoundingBox(10, 10, 200, 200), new BoundingBox(300, 40, 420, 160)), List.of());
        assertThat(c.sequential()).isTrue();
    }

    @Test
    @DisplayName("JSON Lines: absolute paths are kept; bbox may use the CLI's string syntax per image")
    void jsonLines_absolutePathsAndStringBoxes() throws IOException {
        Path abs = dir.resolve("elsewhere/x.png").toAbsolutePath();
        Path m = write("m.ndjson", "{\"model\":\"wan2.7-image\",\"images\":[\"" + abs.toString().replace("\\", "\\\\")
                + "\"],\"bbox\":[\"1,2,30,40;5,6,70,80\"],\"prompt\":\"p\"}\n");

        EditRequestDraft c = edit(read(m).get(0));

        assertThat(c.imageReferences()).containsExactly(abs.toString());
        assertThat(c.boxes()).containsExactly(List.of(new BoundingBox(1, 2, 30, 40), new BoundingBox(5, 6, 70, 80)));
    }

    @Test
    @DisplayName("JSON Lines: a bad line is reported with its number and the field, and the lines after it are still read")
    void jsonLines_badLinesNameTheField() throws IOException {
        Path m = write("m.jsonl", String.join("\n",
                "{\"id\":\"ok\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"a.png\"],\"prompt\":\"p\"}",
                "{\"id\":\"broken\",\"model\":",
                "[1,2]",
                "{\"id\":\"nomodel\",\"images\":[\"a.png\"],\"prompt\":\"p\"}",
                "{\"id\":\"badn\",\"model\":\"wan2.5-i2i-preview\",\"n\":\"two\",\"prompt\":\"p\"}",
                "{\"id\":\"typo\",\"model\":\"wan2.5-i2i-preview\",\"promt\":\"p\"}",
                "{\"id\":\"imgs\",\"model\":\"wan2.5-i2i-preview\",\"images\":[1],\"prompt\":\"p\"}",
                "{\"id\":\"box\",\"model\":\"wan2.7-image\",\"images\":[\"a.png\"],\"bbox\":[[[1,2,3]]],\"prompt\":\"p\"}",
                "{\"id\":\"params\",\"model\":\"wanx2.1-imageedit\",\"params\":[1],\"prompt\":\"p\"}",
                "{\"id\":\"wm\",\"model\":\"wan2.5-i2i-preview\",\"watermark\":\"maybe\",\"prompt\":\"p\"}",
                "{\"id\":\"last\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"a.png\"],\"prompt\":\"p\"}"));

        List<ManifestLine> lines = read(m);

        assertThat(lines).hasSize(11);
        assertThat(lines.get(0).edit()).isPresent();
        assertThat(lines.get(10).edit()).isPresent();
        assertThat(lines.get(1).parseError().orElseThrow()).contains("not a JSON object");
        assertThat(lines.get(1).lineNumber()).isEqualTo(2);
        assertThat(lines.get(2).parseError().orElseThrow()).contains("not a JSON object");
        assertThat(lines.get(3).parseError().orElseThrow()).contains("\"model\"").contains("missing");
        assertThat(lines.get(3).key()).isEqualTo("nomodel");
        assertThat(lines.get(4).parseError().orElseThrow()).contains("\"n\"").contains("two");
        assertThat(lines.get(5).parseError().orElseThrow()).contains("\"promt\"").contains("unknown field");
        assertThat(lines.get(6).parseError().orElseThrow()).contains("\"images\"");
        assertThat(lines.get(7).parseError().orElseThrow()).contains("\"bbox[0]\"");
        assertThat(lines.get(8).parseError().orElseThrow()).contains("\"params\"");
        assertThat(lines.get(9).parseError().orElseThrow()).contains("\"watermark\"").contains("maybe");
    }

    @Test
    @DisplayName("CSV: quoted fields with commas, doubled quotes and line breaks; images by |, params by ;, bbox in CLI syntax")
    void csv_quotedFields() throws IOException {
        Path m = write("sub/m.csv", "id,model,images,prompt,n,params,bbox,watermark,seed\r\n"
                + "sku-1,wan2.5-i2i-preview,shelf.png|https://example.com/b.png,\"Put the clock, the vase and the \"\"lamp\"\" here\",2,,,yes,7\r\n"
                + "sku-2,wanx2.1-imageedit,small.jpg,\"two\nlines\",,upscale_factor=2;strength=0.5,,,\r\n"
                + "sku-3,wan2.7-image,a.jpg|b.jpg,Swap,1,,\"10,10,200,200;300,40,420,160|\",false,\n"
                + "\n"
                + "sku-4,wan2.7-image,\"[\"\"a.jpg\"\"]\",p,,\"{\"\"k\"\":1}\",\"[[[1,2,3,4]]]\",,\n");

        List<ManifestLine> lines = read(m);

        assertThat(lines).extracting(ManifestLine::lineNumber).containsExactly(2L, 3L, 5L, 7L);
        EditRequestDraft a = edit(lines.get(0));
        assertThat(a.imageReferences()).containsExactly(dir.resolve("sub/shelf.png").toString(), "https://example.com/b.png");
        assertThat(a.prompt()).isEqualTo("Put the clock, the vase and the \"lamp\" here");
        assertThat(a.n()).isEqualTo(2);
        assertThat(a.watermark()).isTrue();
        assertThat(a.seed()).isEqualTo(7L);
        assertThat(a.params()).isEmpty();
        EditRequestDraft b = edit(lines.get(1));
        assertThat(b.prompt()).isEqualTo("two\nlines");
        assertThat(b.n()).isEqualTo(1);
        assertThat(b.params()).isEqualTo(Map.of("upscale_factor", "2", "strength", "0.5"));
        EditRequestDraft c = edit(lines.get(2));
        assertThat(c.boxes()).containsExactly(List.of(new BoundingBox(10, 10, 200, 200), new BoundingBox(300, 40, 420, 160)), List.of());
        assertThat(c.watermark()).isFalse();
        EditRequestDraft d = edit(lines.get(3));
        assertThat(d.imageReferences()).containsExactly(dir.resolve("sub/a.jpg").toString());
        assertThat(d.params()).isEqualTo(Map.of("k", "1"));
        assertThat(d.boxes()).containsExactly(List.of(new BoundingBox(1, 2, 3, 4)));
    }

    @Test
    @DisplayName("CSV: bad records are reported with the line they start on; an unknown header field fails every line")
    void csv_badRecords() throws IOException {
        Path m = write("m.csv", "id,model,prompt,n\n"
                + "a,wan2.5-i2i-preview,p,x\n"
                + "b,wan2.5-i2i-preview,p,1,extra\n"
                + "c,wan2.5-i2i-preview,\"ab\"c,1\n"
                + "d,wan2.5-i2i-preview,ok,1\n"
                + "e,,p,1\n"
                + "f,wan2.5-i2i-preview,\"never closed\n");
        Path header = write("h.csv", "id,model,promt\na,wan2.5-i2i-preview,p\n");

        List<ManifestLine> lines = read(m);

        assertThat(lines).extracting(ManifestLine::lineNumber).containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(lines.get(0).parseError().orElseThrow()).contains("\"n\"");
        assertThat(lines.get(1).parseError().orElseThrow()).contains("5 fields").contains("4");
        assertThat(lines.get(2).parseError().orElseThrow()).contains("closing quote");
        assertThat(lines.get(3).edit()).isPresent();
        assertThat(lines.get(4).parseError().orElseThrow()).contains("\"model\"");
        assertThat(lines.get(5).parseError().orElseThrow()).contains("not closed");
        List<ManifestLine> h = read(header);
        assertThat(h).hasSize(1);
        assertThat(h.get(0).parseError().orElseThrow()).contains("unknown field \"promt\"");
    }

    @Test
    @DisplayName("the format is taken from the extension, else sniffed; each lines() call reads the file anew")
    void format_andRereading() throws IOException {
        Path jsonl = write("m.txt", "\n  {\"model\":\"wan2.5-i2i-preview\",\"prompt\":\"p\"}\n");
        Path csv = write("m.data", "model,prompt\nwan2.5-i2i-preview,p\n");

        ManifestReader r = ManifestReader.open(jsonl, Region.SINGAPORE);

        assertThat(r.format()).isEqualTo(ManifestReader.Format.JSONL);
        assertThat(ManifestReader.open(csv, Region.BEIJING).format()).isEqualTo(ManifestReader.Format.CSV);
        assertThat(ManifestReader.open(write("x.csv", "{}"), Region.BEIJING).format()).isEqualTo(ManifestReader.Format.CSV);
        try (Stream<ManifestLine> s = r.lines()) {
            assertThat(edit(s.findFirst().orElseThrow()).region()).isEqualTo(Region.SINGAPORE);
        }
        Files.writeString(jsonl, "{\"model\":\"wan2.7-image\",\"prompt\":\"p\"}\n{\"model\":\"wan2.7-image\",\"prompt\":\"q\"}\n");
        try (Stream<ManifestLine> s = r.lines()) {
            assertThat(s.count()).isEqualTo(2);
        }
        assertThatThrownBy(() -> ManifestReader.open(dir.resolve("missing.jsonl"), Region.BEIJING))
                .isInstanceOf(dev.wanedit.application.port.in.value.InvalidInput.class).hasMessageContaining("no such file");
    }

    @Test
    @DisplayName("the README's manifest examples read without errors")
    void readmeExamples() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String jsonl = readme.substring(readme.indexOf("```jsonl\n") + 9, readme.indexOf("```", readme.indexOf("```jsonl\n") + 9));
        String csv = readme.substring(readme.indexOf("```csv\n") + 7, readme.indexOf("```", readme.indexOf("```csv\n") + 7));

        List<ManifestLine> a = read(write("readme.jsonl", jsonl));
        List<ManifestLine> b = read(write("readme.csv", csv));

        assertThat(a).hasSize(3).allSatisfy(l -> assertThat(l.parseError()).isEmpty());
        assertThat(b).hasSize(3).allSatisfy(l -> assertThat(l.parseError()).isEmpty());
        assertThat(b.get(2).edit().orElseThrow().boxes()).hasSize(2);
        assertThat(b.get(0).edit().orElseThrow().prompt()).contains("the vase and");
    }

    @Test
    @DisplayName("streaming: a long manifest is read lazily (the first line comes before the rest is parsed)")
    void streaming_isLazy() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            b.append("{\"id\":\"l").append(i).append("\",\"model\":\"wan2.5-i2i-preview\",\"images\":[\"a.png\"],\"prompt\":\"p\"}\n");
        }
        b.append("not json at the very end\n");
        Path m = write("big.jsonl", b.toString());

        try (Stream<ManifestLine> s = ManifestReader.open(m, Region.BEIJING).lines()) {
            assertThat(s.limit(3).map(ManifestLine::key)).containsExactly("l0", "l1", "l2");
        }
        try (Stream<ManifestLine> s = ManifestReader.open(m, Region.BEIJING).lines()) {
            assertThat(s.filter(l -> l.parseError().isPresent()).map(ManifestLine::lineNumber)).containsExactly(5001L);
        }
    }

    @Test
    @DisplayName("a manifest that is a named pipe is refused before it is opened: batch reads it twice")
    @org.junit.jupiter.api.Timeout(60) // guards against a hang only
    void fifoManifest_isRefusedSayingWhy() throws Exception {
        Path pipe = dir.resolve("lines.jsonl");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");

        assertThatThrownBy(() -> ManifestReader.open(pipe, Region.BEIJING)).isInstanceOf(dev.wanedit.application.port.in.value.InvalidInput.class)
                .hasMessageContaining(pipe.toString()).hasMessageContaining("named pipe (FIFO)")
                .hasMessageContaining("reads its manifest twice");
        assertThatThrownBy(() -> ManifestReader.open(dir, Region.BEIJING)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> ManifestReader.open(dir.resolve("none.jsonl"), Region.BEIJING)).hasMessageContaining("no such file");
    }
}
