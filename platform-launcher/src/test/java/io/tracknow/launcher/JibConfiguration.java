package io.tracknow.launcher;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * The container images the build makes, as the poms configure Jib: the image name template and user
 * in the parent pom's plugin management, the project version, and which modules build an image.
 */
record JibConfiguration(Path repository, String imageTemplate, String version, String user) {

    private static final String JIB =
            "/project/build/pluginManagement/plugins/plugin[artifactId='jib-maven-plugin']/configuration";

    static JibConfiguration read(Path repository) throws Exception {
        Document parent = parse(repository.resolve("pom.xml"));
        XPath xpath = XPathFactory.newInstance().newXPath();
        return new JibConfiguration(
                repository,
                xpath.evaluate(JIB + "/to/image", parent).strip(),
                xpath.evaluate("/project/version", parent).strip(),
                xpath.evaluate(JIB + "/container/user", parent).strip());
    }

    /** The image the module's build pushes, e.g. tracknow/ingest-gateway:0.1.0-SNAPSHOT. */
    String image(String module) {
        if (imageTemplate.isEmpty() || version.isEmpty()) {
            throw new IllegalStateException("no Jib image or project version in the parent pom");
        }
        return imageTemplate.replace("${project.artifactId}", module).replace("${project.version}", version);
    }

    /** The parent skips Jib; each service module turns it back on. */
    boolean buildsAnImage(String module) throws Exception {
        Document pom = parse(repository.resolve(module).resolve("pom.xml"));
        return "false"
                .equals(XPathFactory.newInstance()
                        .newXPath()
                        .evaluate("/project/properties/jib.skip", pom)
                        .strip());
    }

    private static Document parse(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(pom.toFile());
    }
}
