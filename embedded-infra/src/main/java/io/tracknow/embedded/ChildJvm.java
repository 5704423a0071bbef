package io.tracknow.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

/**
 * The command line that runs a main class of this JVM's own classpath in a new JVM: with the plain
 * classpath when this JVM has one (tests, IDE), or through Spring Boot's {@code PropertiesLauncher}
 * when this JVM runs from an executable jar, whose libraries are nested and not on a plain classpath.
 */
public final class ChildJvm {

    private ChildJvm() {}

    /**
     * @param jvmOptions e.g. heap and GC flags, before the class
     * @param mainClass  the class to run
     * @param args       its arguments
     */
    public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        String classpath = System.getProperty("java.class.path");
        if (isExecutableJar(classpath)) {
            command.addAll(List.of(
                    "-cp",
                    classpath,
                    "-Dloader.main=" + mainClass,
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classpath, mainClass));
        }
        command.addAll(args);
        return command;
    }

    /** The {@code java} of this JVM. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static boolean isExecutableJar(String classpath) {
        if (classpath.contains(java.io.File.pathSeparator)
                || !classpath.endsWith(".jar")
                || !Files.isRegularFile(Path.of(classpath))) {
            return false;
        }
        try (ZipFile jar = new ZipFile(classpath)) {
            return jar.getEntry("BOOT-INF/lib/") != null
                    || jar.stream().anyMatch(e -> e.getName().startsWith("BOOT-INF/lib/"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpath, e);
        }
    }
}
