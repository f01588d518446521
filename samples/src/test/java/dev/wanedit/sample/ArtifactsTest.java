package dev.wanedit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a service depends on (issue #18): every module of the reactor is in the BOM at the reactor's
 * version, under dev.wanedit; the domain and the application carry no dependency but each other.
 */
@DisplayName("artifacts: the BOM lists every module; domain and application depend on nothing else")
class ArtifactsTest {

    private static final Path ROOT = Path.of(System.getProperty("wanedit.root", ".."));

    @Test
    @DisplayName("wanedit-bom manages every reactor module, at the reactor's version")
    void bomListsEveryModule() throws Exception {
        Document parent = read(ROOT.resolve("pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        Document bom = read(ROOT.resolve("wanedit-bom/pom.xml"));
        assertThat(child(bom.getDocumentElement(), "version")).as("the BOM's version").isEqualTo(version);
        assertThat(child(bom.getDocumentElement(), "groupId")).isEqualTo("dev.wanedit");
        List<String> managed = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertThat(child(d, "groupId")).isEqualTo("dev.wanedit");
            assertThat(child(d, "version")).isEqualTo("${project.version}");
            managed.add(child(d, "artifactId"));
        }
        NodeList modules = parent.getElementsByTagName("module");
        assertThat(modules.getLength()).isGreaterThan(5);
        for (int i = 0; i < modules.getLength(); i++) {
            String dir = modules.item(i).getTextContent().trim();
            Document pom = read(ROOT.resolve(dir).resolve("pom.xml"));
            String artifactId = child(pom.getDocumentElement(), "artifactId");
            if (!artifactId.equals("wanedit-bom")) {
                assertThat(managed).as("the BOM manages %s (module %s)", artifactId, dir).contains(artifactId);
            }
            Element parentRef = (Element) pom.getDocumentElement().getElementsByTagName("parent").item(0);
            String moduleVersion = parentRef != null ? child(parentRef, "version") : child(pom.getDocumentElement(), "version");
            assertThat(moduleVersion).as("%s's version", dir).isEqualTo(version);
        }
    }

    @Test
    @DisplayName("domain has no dependency and application only domain (test scope aside)")
    void coreJarsCarryNoDependencies() throws Exception {
        assertThat(compileDependencies(ROOT.resolve("domain/pom.xml"))).isEmpty();
        assertThat(compileDependencies(ROOT.resolve("application/pom.xml"))).containsExactly("dev.wanedit:domain");
    }

    private static List<String> compileDependencies(Path pom) throws Exception {
        List<String> out = new ArrayList<>();
        Element project = read(pom).getDocumentElement();
        for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("dependencies")) {
                NodeList deps = e.getElementsByTagName("dependency");
                for (int i = 0; i < deps.getLength(); i++) {
                    Element d = (Element) deps.item(i);
                    if (!"test".equals(child(d, "scope"))) {
                        out.add(child(d, "groupId") + ":" + child(d, "artifactId"));
                    }
                }
            }
        }
        return out;
    }

    private static Document read(Path pom) throws Exception {
        assertThat(Files.isRegularFile(pom)).as("%s", pom).isTrue();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(pom.toFile());
    }

    /** The text of a direct child element, or null. */
    private static String child(Element e, String name) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(name)) {
                return c.getTextContent().trim();
            }
        }
        return null;
    }
}
