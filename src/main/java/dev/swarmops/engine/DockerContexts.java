package dev.swarmops.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The docker CLI's configuration directory, read as docker/cli reads it: {@code $DOCKER_CONFIG}
 * (else {@code $HOME/.docker}), {@code config.json}'s {@code currentContext}, and each context's
 * {@code contexts/meta/<sha256(name)>/meta.json} ({@code Endpoints.docker.Host},
 * {@code SkipTLSVerify}) with its TLS material in {@code contexts/tls/<sha256(name)>/docker/}.
 * Read only: contexts are made with {@code docker context create}.
 */
final class DockerContexts {

    static final String DEFAULT = "default";

    private final Path dir;

    private DockerContexts(Path dir) {
        this.dir = dir;
    }

    /** The directory docker itself would use in this environment. */
    static DockerContexts of(Map<String, String> env) {
        String config = env.getOrDefault("DOCKER_CONFIG", "");
        if (!config.isEmpty()) {
            return new DockerContexts(Path.of(config));
        }
        String home = env.getOrDefault("HOME", "");
        return new DockerContexts(Path.of(home.isEmpty() ? System.getProperty("user.home") : home, ".docker"));
    }

    Path dir() {
        return dir;
    }

    Path configFile() {
        return dir.resolve("config.json");
    }

    /** config.json's {@code currentContext}, when the file exists and names one. */
    Optional<String> current() {
        Path file = configFile();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode current = read(file).path("currentContext");
        if (!current.isMissingNode() && !current.isNull() && !current.isTextual()) {
            throw new Endpoint.BadEndpointException(file + ": currentContext is not a string");
        }
        return Optional.of(current.asText("")).filter(s -> !s.isEmpty());
    }

    /**
     * The engine of a named context (not {@code default}). Its TLS material goes where
     * DOCKER_CERT_PATH's does: the engine client reads ca.pem, cert.pem and key.pem from one
     * directory, so a context's TLS is used only complete and verified, never half of it.
     */
    Endpoint endpoint(String name) {
        Path meta = dir.resolve("contexts").resolve("meta").resolve(id(name)).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            throw new Endpoint.BadEndpointException("context \"" + name + "\" does not exist (contexts: " + String.join(", ", names())
                    + "; in " + dir.resolve("contexts") + ")");
        }
        JsonNode docker = read(meta).path("Endpoints").path("docker");
        if (!docker.isObject()) {
            throw new Endpoint.BadEndpointException("context \"" + name + "\" has no docker endpoint (" + meta + ")");
        }
        // an empty Host is the docker client's built-in default, not DOCKER_HOST
        String host = docker.path("Host").asText("");
        Endpoint plain = Endpoint.parse(host.isEmpty() ? Endpoint.DEFAULT_SOCKET : host, null);
        if (!"tcp".equals(plain.uri().getScheme())) {
            return plain; // a socket needs no TLS, as docker decides too
        }
        String where = "context \"" + name + "\"";
        if (docker.path("SkipTLSVerify").asBoolean()) {
            throw new Endpoint.BadEndpointException(where + " sets SkipTLSVerify: swarmops always verifies the engine's certificate;"
                    + " give the context the engine's CA (docker context update " + name + " --docker ca=…,cert=…,key=…)");
        }
        Path tls = dir.resolve("contexts").resolve("tls").resolve(id(name)).resolve("docker");
        if (!Files.isDirectory(tls)) {
            return plain;
        }
        return new Endpoint(plain.uri(), Endpoint.completeTls(tls, where + ": its TLS material in"));
    }

    /** {@code default} and every context in the store, sorted. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        Path root = dir.resolve("contexts").resolve("meta");
        if (Files.isDirectory(root)) {
            try (Stream<Path> dirs = Files.list(root)) {
                dirs.map(d -> d.resolve("meta.json")).filter(Files::isRegularFile)
                        .forEach(m -> names.add(read(m).path("Name").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        names.sort(null);
        names.add(0, DEFAULT);
        return names;
    }

    /** The store's directory name for a context: the hex SHA-256 of its name. */
    static String id(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private static JsonNode read(Path file) {
        try {
            return Engine.JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new Endpoint.BadEndpointException(file + ": not valid JSON (" + e.getOriginalMessage() + at
                    + "); fix it, or choose the engine with --host or --context");
        } catch (IOException e) {
            throw new Endpoint.BadEndpointException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
