package io.containerengine.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * One service as {@code java -Djarmode=tools -jar x.jar extract} lays it out: {@code <dir>/<name>.jar} (its own
 * classes and resources; the manifest names the main class and, in {@code Class-Path}, the jars in {@code lib/}).
 *
 * @param name service name (the jar's base name without the version)
 * @param mainClass the Spring Boot application class
 * @param classesJar the service's own classes, without the manifest's Class-Path (a class loader would otherwise
 *     follow it and load every library a second time)
 * @param libs the libraries, by file name in the order of the manifest
 * @param port the HTTP port it listens on
 */
record ServiceApp(String name, String mainClass, Path classesJar, List<Path> libs, int port) {

    /** Reads an extracted service directory; writes {@code classes.jar} beside it when missing or stale. */
    static ServiceApp read(Path dir, int port) throws IOException {
        Path thin;
        try (var files = Files.list(dir)) {
            thin = files.filter(p -> p.getFileName().toString().endsWith(".jar")
                    && !p.getFileName().toString().equals("classes.jar")).findFirst()
                    .orElseThrow(() -> new IOException("no service jar in " + dir));
        }
        String file = thin.getFileName().toString();
        String name = file.replaceFirst("-\\d[^-]*\\.jar$", "").replaceFirst("\\.jar$", "");
        Manifest manifest;
        try (JarFile jar = new JarFile(thin.toFile())) {
            manifest = jar.getManifest();
        }
        if (manifest == null || manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS) == null) {
            throw new IOException(thin + " names no Main-Class");
        }
        String mainClass = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
        List<Path> libs = new ArrayList<>();
        String classPath = manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        if (classPath != null) {
            for (String entry : classPath.trim().split("\\s+")) {
                libs.add(dir.resolve(entry).normalize());
            }
        }
        Path classes = dir.resolve("classes.jar");
        if (!Files.exists(classes) || Files.getLastModifiedTime(classes).compareTo(Files.getLastModifiedTime(thin)) < 0) {
            copyWithoutClassPath(thin, classes);
        }
        return new ServiceApp(name, mainClass, classes, List.copyOf(libs), port);
    }

    /** What Spring Boot would deduce in a JVM of the service's own: servlet before reactive, as Boot does. */
    String webApplicationType() {
        if (hasLib("spring-boot-webmvc-")) {
            return "servlet";
        }
        return hasLib("spring-boot-webflux-") ? "reactive" : "none";
    }

    private boolean hasLib(String prefix) {
        return libs.stream().anyMatch(lib -> lib.getFileName().toString().startsWith(prefix));
    }

    private static void copyWithoutClassPath(Path from, Path to) throws IOException {
        Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
        try (JarFile in = new JarFile(from.toFile())) {
            Manifest manifest = new Manifest(in.getManifest());
            manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
