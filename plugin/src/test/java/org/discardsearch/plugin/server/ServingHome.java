package org.discardsearch.plugin.server;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.discardsearch.plugin.dist.FileTrees;

/**
 * A DJL Serving home ({@code MODEL_SERVER_HOME}) laid out from the plugin's distribution, as a user deploys it:
 * {@code plugins/} and {@code deps/} copied from the distribution, a model store {@code models/} holding the
 * chosen archive or workflow folders, and {@code conf/config.properties} binding inference, management and
 * plugin endpoints to one loopback address.
 *
 * @param root the home folder
 */
public record ServingHome(Path root) {

    /**
     * Returns the name DJL Serving gives a folder of its model store: the folder's name with {@code -} turned
     * into {@code _} (so {@code compact-resnet-w16-s1} is served as {@code compact_resnet_w16_s1}).
     *
     * @param folderName the folder's name
     * @return the served name
     */
    public static String servedName(String folderName) {
        return folderName.replace('-', '_');
    }

    /** The model store inside the home. */
    public Path modelStore() {
        return root.resolve("models");
    }

    /** The server's configuration file inside the home. */
    public Path configFile() {
        return root.resolve("conf").resolve("config.properties");
    }

    /**
     * Lays out a home.
     *
     * @param root an empty or absent folder
     * @param dist the plugin's distribution ({@code plugin/target/dist})
     * @param store folders to put into the model store, by the folder name they get there
     * @param port the port of the one address the server binds on 127.0.0.1
     * @param config further server keys (e.g. {@code max_request_size}); they win over the defaults here
     * @return the home
     * @throws IOException if a file cannot be copied or written
     */
    public static ServingHome layOut(Path root, Path dist, Map<String, Path> store, int port,
            Map<String, String> config) throws IOException {
        ServingHome home = new ServingHome(root);
        FileTrees.copy(dist.resolve("plugins"), root.resolve("plugins"));
        FileTrees.copy(dist.resolve("deps"), root.resolve("deps"));
        Files.createDirectories(home.modelStore());
        for (Map.Entry<String, Path> entry : store.entrySet()) {
            FileTrees.copy(entry.getValue(), home.modelStore().resolve(entry.getKey()));
        }
        Map<String, String> keys = new TreeMap<>();
        String address = "http://127.0.0.1:" + port;
        keys.put("inference_address", address);
        keys.put("management_address", address);
        keys.put("model_store", home.modelStore().toString());
        keys.put("load_models", "ALL");
        keys.put("plugin_folder", root.resolve("plugins").toString());
        keys.putAll(config);
        Properties properties = new Properties();
        properties.putAll(keys);
        Files.createDirectories(home.configFile().getParent());
        try (Writer out = Files.newBufferedWriter(home.configFile(), StandardCharsets.UTF_8)) {
            properties.store(out, "DJL Serving configuration written by " + ServingHome.class.getName());
        }
        return home;
    }
}
