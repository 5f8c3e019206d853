package io.ccheadless.aws.wiring;

import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Micronaut's service lookups (its bean definitions, converters, property source loaders…) answered from an index
 * of the classpath read through the class loader's own jar files, instead of Micronaut's scan, which opens every
 * jar again as a zip file system (jdk.zipfs) to walk {@code META-INF/micronaut/}: 17–28 ms of the container's start
 * for a 14 MB jar, in a same-run A/B (README, design notes). This is the hook Micronaut AOT fills with generated code
 * ({@link StaticOptimizations.Loader}, registered in {@code META-INF/services}); AOT's CLI is not available here, so
 * the index is built when the context starts. It answers what the scan answers — the entries of
 * {@code META-INF/services/<service>} and of {@code META-INF/micronaut/<service>/}, classes that do not load left
 * out — for every service type ({@code ServiceIndexTest} holds it against Micronaut's own scan). If the classpath
 * holds anything it cannot read (a nested jar, say), it answers nothing and Micronaut scans as before.
 */
public final class ServiceIndex implements StaticOptimizations.Loader<SoftServiceLoader.Optimizations> {
    static final String MICRONAUT_SERVICES = "META-INF/micronaut/";
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();
    private static final MethodType NO_ARGUMENTS = MethodType.methodType(void.class);

    @Override
    public SoftServiceLoader.Optimizations load() {
        return optimizations(ServiceIndex.class.getClassLoader());
    }

    /** The service loaders over {@code loader}'s classpath, or none (Micronaut then scans) if it cannot be indexed. */
    static SoftServiceLoader.Optimizations optimizations(ClassLoader loader) {
        Map<String, Set<String>> index;
        try {
            index = micronautServices(loader);
        } catch (IOException | RuntimeException e) {
            index = null;
        }
        return new SoftServiceLoader.Optimizations(index == null ? Map.of() : new Loaders(loader, index));
    }

    /**
     * The entries under {@code META-INF/micronaut/} of every classpath root that has that directory, by service
     * (directory name) in the order the roots and their entries come, or null if a root is neither a jar file nor a
     * directory. What {@code MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices} answers.
     */
    static Map<String, Set<String>> micronautServices(ClassLoader loader) throws IOException {
        Map<String, Set<String>> services = new LinkedHashMap<>();
        for (URL root : Collections.list(loader.getResources(MICRONAUT_SERVICES))) {
            switch (root.getProtocol()) {
                case "jar" -> fromJar(root, services);
                case "file" -> fromDirectory(path(root), services);
                default -> {
                    return null;
                }
            }
        }
        return services;
    }

    private static void fromJar(URL root, Map<String, Set<String>> services) throws IOException {
        JarURLConnection c = (JarURLConnection) root.openConnection();
        c.setUseCaches(false);
        URL file = c.getJarFileURL();
        if (!"file".equals(file.getProtocol())) {
            throw new IOException("not a jar file: " + file.getProtocol());
        }
        // A new JarFile of a jar the class loader has open shares its parsed central directory (the JDK's zip
        // source cache): listing it reads no more of the file.
        try (JarFile jar = new JarFile(path(file).toFile())) {
            for (var e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(MICRONAUT_SERVICES)) {
                    add(services, name.substring(MICRONAUT_SERVICES.length()));
                }
            }
        }
    }

    private static void fromDirectory(Path dir, Map<String, Set<String>> services) throws IOException {
        try (DirectoryStream<Path> serviceDirs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path service : serviceDirs) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(service)) {
                    for (Path entry : entries) {
                        add(services, service.getFileName() + "/" + entry.getFileName());
                    }
                }
            }
        }
    }

    /** {@code <service>/<implementation>}; anything else (a deeper path, a hidden file) is not an entry. */
    private static void add(Map<String, Set<String>> services, String relative) {
        int slash = relative.indexOf('/');
        if (slash <= 0 || slash == relative.length() - 1 || relative.indexOf('/', slash + 1) >= 0) {
            return;
        }
        String implementation = relative.substring(slash + 1);
        if (!implementation.startsWith(".")) {
            services.computeIfAbsent(relative.substring(0, slash), k -> new LinkedHashSet<>()).add(implementation);
        }
    }

    private static Path path(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("not a file URL", e);
        }
    }

    /** A loader for every service name Micronaut asks for, built on first request. */
    private static final class Loaders extends AbstractMap<String, SoftServiceLoader.StaticServiceLoader<?>> {
        private final ClassLoader loader;
        private final Map<String, Set<String>> index;
        private final Map<String, SoftServiceLoader.StaticServiceLoader<?>> built = new ConcurrentHashMap<>();

        Loaders(ClassLoader loader, Map<String, Set<String>> index) {
            this.loader = loader;
            this.index = index;
        }

        @Override
        public SoftServiceLoader.StaticServiceLoader<?> get(Object service) {
            return service instanceof String name ? built.computeIfAbsent(name, n -> new Service<>(loader, implementations(n))) : null;
        }

        @Override
        public boolean containsKey(Object service) {
            return service instanceof String;
        }

        @Override
        public Set<Entry<String, SoftServiceLoader.StaticServiceLoader<?>>> entrySet() {
            return Collections.unmodifiableMap(built).entrySet();
        }

        /** {@code META-INF/services/<name>} of every root, then the index's entries for it, each once. */
        private List<String> implementations(String service) {
            Set<String> names = new LinkedHashSet<>();
            try {
                for (URL url : Collections.list(loader.getResources(SoftServiceLoader.META_INF_SERVICES + "/" + service))) {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            int hash = line.indexOf('#');
                            String name = (hash < 0 ? line : line.substring(0, hash)).trim();
                            if (!name.isEmpty()) {
                                names.add(name);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading META-INF/services/" + service, e);
            }
            names.addAll(index.getOrDefault(service, Set.of()));
            return List.copyOf(names);
        }
    }

    /** One service type's implementations: the classes that load and have a public no-argument constructor. */
    private static final class Service<S> implements SoftServiceLoader.StaticServiceLoader<S> {
        private final ClassLoader loader;
        private final List<String> names;

        Service(ClassLoader loader, List<String> names) {
            this.loader = loader;
            this.names = names;
        }

        @Override
        public Stream<SoftServiceLoader.StaticDefinition<S>> findAll(Predicate<String> condition) {
            List<SoftServiceLoader.StaticDefinition<S>> found = new ArrayList<>(names.size());
            for (String name : names) {
                if (condition != null && !condition.test(name)) {
                    continue;
                }
                MethodHandle constructor = constructor(name);
                if (constructor != null) {
                    found.add(SoftServiceLoader.StaticDefinition.of(name, () -> instantiate(name, constructor)));
                }
            }
            return found.stream();
        }

        private MethodHandle constructor(String name) {
            try {
                return LOOKUP.findConstructor(Class.forName(name, false, loader), NO_ARGUMENTS);
            } catch (ClassNotFoundException | NoClassDefFoundError | NoSuchMethodException | IllegalAccessException e) {
                return null;   // as Micronaut's scan: an entry whose class is absent is skipped
            }
        }

        @SuppressWarnings("unchecked")
        private static <S> S instantiate(String name, MethodHandle constructor) {
            try {
                return (S) constructor.invoke();
            } catch (Error | RuntimeException e) {
                throw e;
            } catch (Throwable e) {
                throw new ServiceConfigurationError("Micronaut service " + name + " could not be created", e);
            }
        }
    }
}
