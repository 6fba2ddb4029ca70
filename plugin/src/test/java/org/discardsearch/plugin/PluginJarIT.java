package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.discardsearch.plugin.server.DjlServing;
import org.junit.jupiter.api.Test;

/**
 * The packaged plugin jar: its definition, that it holds only our classes, and that those classes link against
 * what a DJL Serving plugin loader offers (the real server's class path, as the tests start it) and
 * nothing of ours outside the jar.
 */
class PluginJarIT {

    private static Path pluginJar() {
        return Paths.get(System.getProperty("plugin.jar"));
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(pluginJar().toFile())) {
            return jar.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void definitionNamesThePluginAndExportsTheHandler() throws IOException {
        Properties definition = new Properties();
        try (JarFile jar = new JarFile(pluginJar().toFile());
                InputStream in = jar.getInputStream(jar.getEntry("META-INF/plugin.definition"))) {
            definition.load(in);
        }
        assertEquals("discard-search", definition.getProperty("name"));
        assertEquals(DiscardSearchRequestHandler.class.getName(), definition.getProperty("export"));
    }

    @Test
    void holdsOnlyOurClassesAndNoDjlServingClass() throws IOException {
        List<String> classes = entries().stream().filter(e -> e.endsWith(".class")).toList();
        assertTrue(classes.contains("org/discardsearch/plugin/DiscardSearchRequestHandler.class"), classes::toString);
        assertTrue(classes.contains("org/discardsearch/ab/ArmRouter.class"), classes::toString);
        for (String entry : entries()) {
            assertTrue(!entry.startsWith("ai/djl/serving/"), "a DJL Serving class is packaged: " + entry);
            boolean folderAbove = entry.endsWith("/") && "org/discardsearch/".startsWith(entry);
            assertTrue(entry.startsWith("org/discardsearch/") || entry.startsWith("META-INF/") || folderAbove,
                    "not one of ours: " + entry);
            assertTrue(!entry.startsWith("org/discardsearch/djl/"), "the models' translator is packaged: " + entry);
        }
    }

    @Test
    void everyClassLinksInAPluginLoaderOverTheServersClasspath() throws Exception {
        List<URL> server = new ArrayList<>();
        String classpath = Files.readString(Paths.get(System.getProperty(DjlServing.CLASSPATH_PROPERTY))).strip();
        for (String entry : classpath.split(File.pathSeparator)) {
            server.add(Paths.get(entry).toUri().toURL());
        }
        try (URLClassLoader lib = new URLClassLoader(server.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
                URLClassLoader plugin = new URLClassLoader(new URL[] {pluginJar().toUri().toURL()}, lib)) {
            for (String entry : entries()) {
                if (entry.endsWith(".class") && !entry.equals("module-info.class")) {
                    Class<?> type = Class.forName(entry.replace('/', '.').replace(".class", ""), false, plugin);
                    type.getDeclaredMethods();
                    type.getDeclaredFields();
                    type.getDeclaredConstructors();
                }
            }
            Class<?> handler = Class.forName(DiscardSearchRequestHandler.class.getName(), true, plugin);
            Object instance = handler.getConstructor().newInstance();
            assertEquals(plugin, instance.getClass().getClassLoader());
        }
    }
}
