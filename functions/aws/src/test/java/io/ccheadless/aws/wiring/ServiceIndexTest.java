package io.ccheadless.aws.wiring;

import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.convert.TypeConverterRegistrar;
import io.micronaut.core.io.service.MicronautMetaServiceLoaderUtils;
import io.micronaut.core.io.service.SoftServiceLoader;
import io.micronaut.core.optim.StaticOptimizations;
import io.micronaut.inject.BeanDefinitionReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Micronaut's service lookups from the classpath's own index answer what Micronaut's scan answers. */
class ServiceIndexTest {
    private static final ClassLoader APP = ServiceIndexTest.class.getClassLoader();

    @Test
    void theIndexOfThisClasspathIsWhatMicronautsOwnScanFinds() throws IOException {
        Map<String, Set<String>> ours = ServiceIndex.micronautServices(APP);
        Map<String, Set<String>> micronauts = MicronautMetaServiceLoaderUtils.findAllMicronautMetaServices(APP);
        assertEquals(sorted(micronauts), sorted(ours));
        Set<String> definitions = ours.get(BeanDefinitionReference.class.getName());
        assertTrue(definitions.stream().anyMatch(n -> n.startsWith("io.ccheadless.aws.wiring.")), "our wiring: " + definitions);
        assertTrue(definitions.stream().anyMatch(n -> n.startsWith("io.micronaut.")), "Micronaut's own, from its jar: " + definitions);
    }

    @Test
    void eachServiceTypeLoadsTheClassesMicronautsOwnLookupLoads() throws Exception {
        Map<String, SoftServiceLoader.StaticServiceLoader<?>> loaders = ServiceIndex.optimizations(APP).getServiceLoaders();
        for (Class<?> service : List.of(BeanDefinitionReference.class, TypeConverterRegistrar.class, PropertySourceLoader.class,
                io.micronaut.core.type.TypeInformationProvider.class, io.micronaut.context.ApplicationContextConfigurer.class)) {
            Set<String> micronauts = withoutTheIndex(service);
            Set<String> ours = loaders.get(service.getName()).load(null).stream().map(o -> o.getClass().getName())
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            assertEquals(micronauts, ours, service.getName());
        }
        assertFalse(withoutTheIndex(BeanDefinitionReference.class).isEmpty());
        assertFalse(withoutTheIndex(TypeConverterRegistrar.class).isEmpty());
    }

    /**
     * The classes Micronaut's own lookup of {@code service} instantiates, in a class loader of this classpath where
     * the index is not registered (Micronaut scans there, as it would without us).
     */
    private static Set<String> withoutTheIndex(Class<?> service) throws Exception {
        List<URL> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            classpath.add(Path.of(entry).toUri().toURL());
        }
        String registration = "META-INF/services/" + StaticOptimizations.Loader.class.getName();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader plain = new URLClassLoader(classpath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader()) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return registration.equals(name) ? Collections.emptyEnumeration() : super.getResources(name);
            }
        }) {
            thread.setContextClassLoader(plain);   // where StaticOptimizations looks for loaders
            Class<?> type = plain.loadClass(service.getName());
            List<?> found;
            if (service == BeanDefinitionReference.class) {
                found = (List<?>) plain.loadClass(MicronautMetaServiceLoaderUtils.class.getName())
                        .getMethod("findMetaMicronautServiceEntries", ClassLoader.class, Class.class, java.util.function.Predicate.class)
                        .invoke(null, plain, type, null);
            } else {
                Class<?> soft = plain.loadClass(SoftServiceLoader.class.getName());
                Object loader = soft.getMethod("load", Class.class, ClassLoader.class).invoke(null, type, plain);
                found = (List<?>) soft.getMethod("collectAll").invoke(loader);
            }
            Object optimizations = plain.loadClass(StaticOptimizations.class.getName()).getMethod("get", Class.class)
                    .invoke(null, plain.loadClass(SoftServiceLoader.Optimizations.class.getName()));
            assertEquals(java.util.Optional.empty(), optimizations, "Micronaut scanned on its own");
            return found.stream().map(o -> o.getClass().getName()).collect(Collectors.toCollection(java.util.TreeSet::new));
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void micronautInThisJvmLooksServicesUpInTheIndex() {
        // registered in META-INF/services: StaticOptimizations loads it when Micronaut first asks for an optimization
        var optimizations = StaticOptimizations.get(SoftServiceLoader.Optimizations.class).orElseThrow();
        var loaders = optimizations.getServiceLoaders();
        assertTrue(loaders.containsKey("any.service.Type"), "every service type is answered from the index");
        assertEquals(List.of(), loaders.get("any.service.Type").load(null), "a service nothing provides: none");
        assertNull(loaders.get(42));
    }

    @Test
    void entriesOfJarsAndDirectoriesAreIndexedAndOthersIgnored(@TempDir Path tmp) throws IOException {
        Path jar = tmp.resolve("a.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("META-INF/", "META-INF/micronaut/", "META-INF/micronaut/svc/", "META-INF/micronaut/svc/a.B",
                    "META-INF/micronaut/svc/.hidden", "META-INF/micronaut/svc/deeper/x.Y", "META-INF/micronaut/loose",
                    "META-INF/micronaut/other/o.P")) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }
        Path dir = tmp.resolve("classes");
        Files.createDirectories(dir.resolve("META-INF/micronaut/svc"));
        Files.createFile(dir.resolve("META-INF/micronaut/svc/c.D"));
        Files.createFile(dir.resolve("META-INF/micronaut/loose"));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL(), dir.toUri().toURL()}, null)) {
            Map<String, Set<String>> index = ServiceIndex.micronautServices(loader);
            assertEquals(Map.of("svc", Set.of("a.B", "c.D"), "other", Set.of("o.P")), index);
            assertEquals(List.of("svc", "other"), List.copyOf(index.keySet()), "in the order the roots come");
            assertEquals(List.of("a.B", "c.D"), List.copyOf(index.get("svc")));
        }
    }

    @Test
    void classesThatDoNotLoadOrCannotBeConstructedAreLeftOut(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("META-INF/services"));
        Files.writeString(tmp.resolve("META-INF/services/x.Svc"),
                "# a comment\njava.util.ArrayList\n\nno.such.Type # absent\njava.lang.Integer\njava.util.ArrayList\n  java.util.TreeMap  \n",
                StandardCharsets.UTF_8);
        Files.createDirectories(tmp.resolve("META-INF/micronaut/x.Svc"));
        Files.createFile(tmp.resolve("META-INF/micronaut/x.Svc/java.util.HashMap"));
        try (URLClassLoader loader = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, APP)) {
            @SuppressWarnings("unchecked")
            var svc = (SoftServiceLoader.StaticServiceLoader<Object>) ServiceIndex.optimizations(loader).getServiceLoaders().get("x.Svc");
            List<Object> loaded = new ArrayList<>(svc.load(null));
            assertEquals(List.of(ArrayList.class, java.util.TreeMap.class, java.util.HashMap.class),
                    loaded.stream().map(Object::getClass).toList(), "each once, absent and constructor-less ones left out");
            assertNotSame(svc.load(null).get(0), svc.load(null).get(0), "a new instance each time, as Micronaut's scan gives");
            assertEquals(List.of(java.util.TreeMap.class), svc.load(n -> n.contains("Tree"), null).stream()
                    .map(Object::getClass).toList(), "a condition on the class name");
            assertEquals(List.of(java.util.HashMap.class), svc.load(o -> o instanceof java.util.HashMap).stream()
                    .map(Object::getClass).toList(), "a predicate on the instance");
        }
    }

    @Test
    void aClasspathItCannotReadLeavesTheScanToMicronaut() throws IOException {
        ClassLoader remote = new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                return Collections.enumeration(List.of(new URL("http://example.invalid/META-INF/micronaut/")));
            }
        };
        assertNull(ServiceIndex.micronautServices(remote));
        assertEquals(Map.of(), ServiceIndex.optimizations(remote).getServiceLoaders());
        ClassLoader failing = new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String name) throws IOException {
                throw new IOException("unreadable");
            }
        };
        assertEquals(Map.of(), ServiceIndex.optimizations(failing).getServiceLoaders());
    }

    private static TreeMap<String, Set<String>> sorted(Map<String, Set<String>> m) {
        TreeMap<String, Set<String>> t = new TreeMap<>();
        m.forEach((k, v) -> t.put(k, new java.util.TreeSet<>(v)));
        return t;
    }
}
