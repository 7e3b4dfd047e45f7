package io.containerengine.local;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A service's class loader: its own classes, over the shared loader of every service's libraries, with a view of
 * the libraries' resources restricted to the jars the service depends on. Spring Boot 4 ships each technology's
 * auto-configuration in a module of its own and finds them through resources
 * ({@code META-INF/spring/...AutoConfiguration.imports}, {@code spring.factories}); through this view a service gets
 * the auto-configurations it would get in a JVM of its own, and no Redis, mail or servlet configuration because
 * another service uses them. The web application type is the one thing Boot deduces from classes alone; the
 * launcher sets it per service (see {@link LocalPlatform}).
 * <p>
 * Classes are not filtered: a library that checks for an optional dependency through its own class loader (Spring's
 * reactive adapters looking for Reactor, say) finds it if any service has it, as on a class path holding every
 * service's libraries, and Boot's class conditions see the same.
 */
final class ServiceClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Set<String> visibleJars;
    private final Map<String, Boolean> visibleSources = new ConcurrentHashMap<>();

    /**
     * @param ownClasses the service's own classes (a jar without Class-Path)
     * @param visibleJars file names of the library jars the service depends on
     */
    ServiceClassLoader(String name, URL ownClasses, Set<String> visibleJars, ClassLoader shared) {
        super(name, new URL[] {ownClasses}, shared);
        this.visibleJars = Set.copyOf(visibleJars);
    }

    @Override
    public URL getResource(String name) {
        URL url = findResource(name);
        if (url != null) {
            return url;
        }
        for (URL shared : list(noThrow(getParent(), name))) {
            if (visible(name, shared)) {
                return shared;
            }
        }
        return null;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> result = new ArrayList<>();
        for (URL shared : list(getParent().getResources(name))) {
            if (visible(name, shared)) {
                result.add(shared);
            }
        }
        result.addAll(Collections.list(findResources(name)));
        return Collections.enumeration(result);
    }

    /** Class files stay readable (Spring reads annotations from them) as the classes stay loadable. */
    private boolean visible(String name, URL url) {
        return name.endsWith(".class") || visible(url);
    }

    private boolean visible(URL url) {
        return visibleSources.computeIfAbsent(jarOf(url), jar -> jar.isEmpty() || visibleJars.contains(jar));
    }

    /** The file name of the jar a class or resource URL points into ("" for the JDK's own {@code jrt:} URLs). */
    static String jarOf(URL url) {
        String s = url.toString();
        if (s.startsWith("jrt:")) {
            return "";
        }
        int bang = s.indexOf("!/");
        if (bang >= 0) {
            s = s.substring(0, bang);
        }
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    private static List<URL> list(Enumeration<URL> urls) {
        return Collections.list(urls);
    }

    private static Enumeration<URL> noThrow(ClassLoader loader, String name) {
        try {
            return loader.getResources(name);
        } catch (IOException ex) {
            return Collections.emptyEnumeration();
        }
    }
}
