package io.containerengine.local;

import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs several services in one JVM (the local mode of {@code bin/ce}): class metadata, JIT code and the JVM's own
 * overhead are paid once instead of per service, which is most of a small Spring Boot service's memory.
 * <p>
 * Usage: {@code LocalPlatform <extracted-service-dir>=<port> ... [-- <arguments for every service>]}. Each service
 * gets a class loader of its own (see {@link ServiceClassLoader}), its own thread as context class loader, and its own
 * {@code --server.port}; it is started through its own {@code main}. Start-up is parallel; if one service fails to
 * start, the process exits with status 1 so that the caller sees it at once. With {@code -Dspring.context.exit=onRefresh}
 * (the class-data training run) every service stops after its context refresh and the JVM exits with status 0.
 */
public final class LocalPlatform {

    private LocalPlatform() {
    }

    public static void main(String[] args) throws Exception {
        List<ServiceApp> apps = new ArrayList<>();
        List<String> common = new ArrayList<>();
        boolean forAll = false;
        for (String arg : args) {
            if (forAll) {
                common.add(arg);
            } else if (arg.equals("--")) {
                forAll = true;
            } else {
                int eq = arg.lastIndexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("expected <dir>=<port>, got " + arg);
                }
                apps.add(ServiceApp.read(Path.of(arg.substring(0, eq)).toAbsolutePath(),
                        Integer.parseInt(arg.substring(eq + 1))));
            }
        }
        if (apps.isEmpty()) {
            System.err.println("usage: LocalPlatform <extracted-service-dir>=<port> ... [-- <args for every service>]");
            System.exit(2);
        }
        Map<String, ClassLoader> loaders = loaders(apps);
        System.setProperty("org.springframework.boot.logging.LoggingSystem", SharedLogbackLoggingSystem.class.getName());
        SharedLogbackLoggingSystem.registerServiceNameConverter();
        boolean training = "onRefresh".equals(System.getProperty("spring.context.exit"));

        CountDownLatch done = new CountDownLatch(apps.size());
        for (ServiceApp app : apps) {
            List<String> serviceArgs = new ArrayList<>();
            serviceArgs.add("--server.port=" + app.port());
            // One logging system serves every service: Boot's application name in each line would be the first
            // service's only; the shared log names each line's service after the thread name instead.
            serviceArgs.add("--logging.include-application-name=false");
            serviceArgs.add("--logging.pattern.correlation=[%" + ServiceNameConverter.WORD + "] ");
            // Boot deduces the web stack from the classes present, and every service sees every library's classes.
            serviceArgs.add("--spring.main.web-application-type=" + app.webApplicationType());
            serviceArgs.addAll(common);
            Thread thread = new Thread(() -> {
                try {
                    start(app, loaders.get(app.name()), serviceArgs.toArray(String[]::new));
                } catch (Throwable ex) {
                    if (!isAbandonedRun(ex)) {
                        System.err.println("[local-platform] " + app.name() + " failed to start: " + ex);
                        ex.printStackTrace();
                        System.exit(1);
                    }
                } finally {
                    done.countDown();
                }
            }, app.name() + "-main");
            thread.setContextClassLoader(loaders.get(app.name()));
            thread.start();
        }
        done.await();
        if (training) {
            System.exit(0); // the class-data archive is written at exit
        }
    }

    private static void start(ServiceApp app, ClassLoader loader, String[] args) throws Throwable {
        try {
            Class<?> main = Class.forName(app.mainClass(), true, loader);
            main.getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException ex) {
            throw ex.getCause();
        }
    }

    /** Spring's "exit after refresh" ends {@code run} with this exception; it is no failure. */
    private static boolean isAbandonedRun(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("AbandonedRunException")) {
                return true;
            }
        }
        return false;
    }

    /**
     * One loader of the libraries of every service (the system class loader when they are all on the class path, so
     * that the JVM's class-data sharing covers them), and below it one {@link ServiceClassLoader} per service.
     */
    static Map<String, ClassLoader> loaders(List<ServiceApp> apps) throws MalformedURLException {
        Map<String, Path> union = new LinkedHashMap<>();
        for (ServiceApp app : apps) {
            app.libs().forEach(lib -> union.putIfAbsent(lib.getFileName().toString(), lib));
        }
        Set<String> onClassPath = new HashSet<>();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            onClassPath.add(Path.of(entry).getFileName().toString());
        }
        ClassLoader shared = onClassPath.containsAll(union.keySet()) ? ClassLoader.getSystemClassLoader()
                : new URLClassLoader("ce-shared", urls(List.copyOf(union.values())), ClassLoader.getPlatformClassLoader());
        Map<String, ClassLoader> result = new HashMap<>();
        for (ServiceApp app : apps) {
            Set<String> visible = new HashSet<>();
            app.libs().forEach(lib -> visible.add(lib.getFileName().toString()));
            result.put(app.name(), new ServiceClassLoader("ce-" + app.name(), app.classesJar().toUri().toURL(), visible,
                    shared));
        }
        return result;
    }

    private static URL[] urls(List<Path> jars) throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            urls.add(jar.toUri().toURL());
        }
        return urls.toArray(URL[]::new);
    }
}
